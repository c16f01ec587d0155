// A build without --embedded-backend: a config asking for the built-in backend gets a clear
// message instead of a failed start, and new installations start in server mode.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_BUNDLED_BACKEND_MESSAGE, createConfigCore } from '../../../electron/main/launch/config-port';
import { exampleRaw } from './helpers';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();

function core(backendBundled: boolean, machineConfig?: unknown) {
  const root = tempDir();
  const machineDir = path.join(root, `machine-${backendBundled}`);
  mkdirSync(machineDir);
  if (machineConfig !== undefined)
    writeFileSync(path.join(machineDir, 'config.json'), JSON.stringify(machineConfig));
  return createConfigCore({
    env: {},
    userDataDir: path.join(root, 'user'),
    adminDir: null,
    machineDir,
    backendBundled,
  });
}

describe('client-only build (no bundled backend)', () => {
  it("an administrator's file with backend.embedded: true is refused with the message", async () => {
    const found = await core(false, exampleRaw()).locate();
    expect(found).toMatchObject({
      kind: 'admin',
      read: { ok: false, problems: [{ path: 'backend.embedded', message: NO_BUNDLED_BACKEND_MESSAGE }] },
    });
  });

  it('the same file is fine in the all-in-one build', async () => {
    expect((await core(true, exampleRaw()).locate())?.read.ok).toBe(true);
  });

  it('a server-mode file passes, and saving embedded: true is refused', async () => {
    const c = core(false, { apiBaseUrl: 'https://meetings.example.com/api', backend: { embedded: false } });
    expect((await c.locate())?.read.ok).toBe(true);
    expect(c.validate(exampleRaw())).toMatchObject({ ok: false, problems: [{ path: 'backend.embedded' }] });
  });

  it('a new installation starts in server mode', () => {
    expect(core(false).defaults().backend.embedded).toBe(false);
    expect(core(true).defaults().backend.embedded).toBe(true);
  });
});
