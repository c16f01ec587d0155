// `npm run api:check` against a copy of the backend: a pydantic model changed without
// `npm run api:generate` must fail the check, and the untouched copy must pass it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-api-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the backend package; the check's Python finds it first through PYTHONPATH. */
function backendCopy(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(ROOT, 'sidecars/backend/meeting_backend'), path.join(dir, 'meeting_backend'), {
    recursive: true,
    filter: (src) => !src.includes('__pycache__'),
  });
  return dir;
}

function apiCheck(pythonPath: string) {
  const out = spawnSync('npm', ['run', '--silent', 'api:check'], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: pythonPath },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: out.status, output: `${out.stdout}${out.stderr}` };
}

describe('npm run api:check', () => {
  it('exits 0 when the committed document and schemas match the backend', { timeout: 120_000 }, () => {
    const result = apiCheck(backendCopy('same'));
    expect(result.output).toContain('match the backend');
    expect(result.status).toBe(0);
  });

  it(
    'exits 1 and names the stale files when a pydantic model changed without regenerating',
    { timeout: 120_000 },
    () => {
      const dir = backendCopy('changed');
      const models = path.join(dir, 'meeting_backend/api/responses.py');
      const source = readFileSync(models, 'utf8');
      const changed = source.replace(
        'class DatabaseCheckOk(_CamelModel):\n    ok: Literal[True]\n',
        'class DatabaseCheckOk(_CamelModel):\n    ok: Literal[True]\n    tls_version: str\n',
      );
      expect(changed).not.toBe(source);
      writeFileSync(models, changed);

      const result = apiCheck(dir);
      expect(result.status).toBe(1);
      expect(result.output).toContain('docs/api/openapi.json');
      expect(result.output).toContain('electron/contract/api/zod.gen.ts');
      expect(result.output).toContain('npm run api:generate');
    },
  );
});
