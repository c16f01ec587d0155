// The installed app's --check-config / --check-policy (electron/main/check-mode.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModeArgs, runCheckMode } from '../../../electron/main/check-mode';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-check-mode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], platform: NodeJS.Platform) {
  let printed = '';
  const code = runCheckMode(args, {
    platform,
    env: {},
    home: dir,
    print: async (t) => {
      printed += t;
    },
  });
  return code.then((exitCode) => ({ exitCode, printed }));
}

describe('checkModeArgs', () => {
  it('finds the flag and its file among Electron and Chromium arguments', () => {
    expect(checkModeArgs(['/opt/ma/ma', '--no-sandbox', '--check-policy', '/p.json', '--x'])).toEqual([
      '--check-policy',
      '/p.json',
    ]);
    expect(checkModeArgs(['/opt/ma/ma', '--no-sandbox'])).toBeNull();
  });
});

describe('runCheckMode', () => {
  it('prints the config:check report and exits 1 for an invalid file', async () => {
    const file = path.join(dir, 'bad-config.json');
    writeFileSync(file, '{"backend": {"port": 0}}');
    const r = await run(['--check-config', file], 'linux');
    expect(r.exitCode).toBe(1);
    expect(r.printed).toContain('backend.port: must be a whole number from 1 to 65535');
  });

  it('on Windows also writes the report beside the file, since a GUI program has no console', async () => {
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, '{"locked": {"ui.language": "zh-TW"}}');
    const r = await run(['--check-policy', file], 'win32');
    expect(r.exitCode).toBe(0);
    expect(readFileSync(`${file}.check.txt`, 'utf8')).toContain(`OK: policy ${file} is valid.`);
  });

  it('exits 2 with the usage when no file is given', async () => {
    const r = await run(['--check-config'], 'linux');
    expect(r.exitCode).toBe(2);
    expect(r.printed).toContain('Usage:');
  });
});
