// Saving into a folder the app may not write to, on the real file system: the old config.json
// stays byte-for-byte as it was and the error says why. As root, permission bits do not stop
// writes, so the folder is made immutable with chattr instead.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../electron/contract/config';
import { ConfigWriteError, writeConfigFile } from '../../../electron/main/config';

const isRoot = process.getuid?.() === 0;
let dir: string | undefined;

/** False when this machine cannot make a folder read-only (root without CAP_LINUX_IMMUTABLE). */
function makeReadOnly(folder: string): boolean {
  try {
    if (isRoot) execFileSync('chattr', ['+i', folder], { stdio: 'ignore' });
    else chmodSync(folder, 0o500);
    return true;
  } catch {
    return false;
  }
}
function makeWritable(folder: string) {
  if (isRoot) execFileSync('chattr', ['-i', folder], { stdio: 'ignore' });
  else chmodSync(folder, 0o700);
}

afterEach(() => {
  if (dir === undefined) return;
  makeWritable(dir);
  rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.skipIf(process.platform === 'win32')('a read-only config folder', () => {
  it('leaves the old config intact and reports permission_denied', async (ctx) => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-readonly-'));
    const file = path.join(dir, 'config.json');
    const old = '{ "apiBaseUrl": "https://old.example.com/api" }\n';
    writeFileSync(file, old);
    if (!makeReadOnly(dir)) ctx.skip('cannot make a folder read-only on this machine');

    const remote = { ...DEFAULT_CONFIG, backend: { ...DEFAULT_CONFIG.backend, embedded: false } };
    const error = await writeConfigFile(file, remote).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigWriteError);
    expect(error).toMatchObject({
      code: 'permission_denied',
      message: `Could not save the settings to ${file}: permission denied; you may not write to this folder. The previous settings are unchanged.`,
    });
    expect(readFileSync(file, 'utf8')).toBe(old);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });
});
