// `npm run api:generate` / `npm run api:check`: the backend's HTTP API, written once.
// The backend's pydantic models are the source: FastAPI's OpenAPI document is committed as
// docs/api/openapi.json, and @hey-api/openapi-ts turns it into the types and zod schemas main
// validates backend answers with (electron/contract/api/). `--check` builds both afresh in a
// temporary folder and exits 1 when the committed files differ from what the backend produces now.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import { resolveSidecarCommand } from '../main/sidecar/command';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOCUMENT = path.join(ROOT, 'docs/api/openapi.json');
const GENERATED = path.join(ROOT, 'electron/contract/api');

/** Runs `meeting_backend openapi` with the project's venv (PYTHONPATH may point at another copy). */
function writeDocument(target: string): void {
  const python = resolveSidecarCommand({ name: 'backend', repoRoot: ROOT, packaged: false }).file;
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: run npm run setup:python first.`);
  // cwd is a neutral folder, so that `-m` finds the package through sys.path, PYTHONPATH first.
  execFileSync(python, ['-m', 'meeting_backend', 'openapi', '--output', target], {
    cwd: os.tmpdir(),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
}

async function generateSchemas(document: string, outDir: string): Promise<void> {
  await createClient({
    input: document,
    output: { path: outDir, format: null, lint: null, clean: true },
    plugins: ['@hey-api/typescript', 'zod'],
    logs: { level: 'silent', file: false },
  });
}

function filesIn(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
    : [];
}

/** Names (relative to the repository) of the committed files that differ from a fresh build. */
function differences(freshDocument: string, freshDir: string): string[] {
  const differ: string[] = [];
  const same = (a: string, b: string) =>
    fs.existsSync(a) && fs.existsSync(b) && fs.readFileSync(a).equals(fs.readFileSync(b));
  if (!same(freshDocument, DOCUMENT)) differ.push(path.relative(ROOT, DOCUMENT));
  for (const name of new Set([...filesIn(freshDir), ...filesIn(GENERATED)])) {
    if (name === 'README.md') continue;
    if (!same(path.join(freshDir, name), path.join(GENERATED, name)))
      differ.push(path.relative(ROOT, path.join(GENERATED, name)));
  }
  return differ.map((p) => p.split(path.sep).join('/'));
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'api-check-'));
    try {
      const document = path.join(tmp, 'openapi.json');
      writeDocument(document);
      await generateSchemas(document, path.join(tmp, 'api'));
      const differ = differences(document, path.join(tmp, 'api'));
      if (differ.length === 0) {
        console.log('api:check: docs/api/openapi.json and electron/contract/api/ match the backend.');
        return 0;
      }
      console.error(
        `api:check: these files differ from what the backend produces now:\n  ${differ.join('\n  ')}\n` +
          'Run `npm run api:generate` and commit the result.',
      );
      return 1;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(path.dirname(DOCUMENT), { recursive: true });
  writeDocument(DOCUMENT);
  // hey-api empties its output folder (clean); the folder's README is kept aside and put back.
  const readme = path.join(GENERATED, 'README.md');
  const kept = fs.existsSync(readme) ? fs.readFileSync(readme) : null;
  await generateSchemas(DOCUMENT, GENERATED);
  if (kept) fs.writeFileSync(readme, kept);
  console.log('api:generate: wrote docs/api/openapi.json and electron/contract/api/.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`api: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
