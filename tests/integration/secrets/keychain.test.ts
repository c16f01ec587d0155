// The secret store against the real OS keychain: gnome-keyring's Secret Service on the D-Bus
// session that tests/harness/with-services.sh starts. secret-tool reads back what keytar stored.
import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_FIELDS } from '../../../electron/contract/config';
import { createSecretStore, keychainMessage, PROBE_ACCOUNT } from '../../../electron/main/secrets';
import { startBareBus, startKeyring, type PrivateBus } from './private-bus';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CHILD = fileURLToPath(new URL('fixtures/keychain-child.ts', import.meta.url));

function secretTool(account: string): string | null {
  const out = spawnSync('secret-tool', ['lookup', 'service', 'meeting-assistant', 'account', account], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return out.status === 0 ? out.stdout : null;
}

type ChildResult = {
  ok: boolean;
  value?: unknown;
  name?: string;
  code?: string;
  message?: string;
  ms: number;
};
async function inChild(op: string, env: NodeJS.ProcessEnv): Promise<ChildResult> {
  const { stdout } = await promisify(execFile)(TSX, [CHILD, op], { env, cwd: ROOT, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as ChildResult;
}

/** The environment of this process without any way to reach a desktop session. */
function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

beforeAll(() => {
  if (process.env.MA_TEST_SERVICES !== '1' || !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'Run the integration tests through tests/harness/with-services.sh (npm run test:integration).',
    );
  }
});

describe('secret store on the real gnome-keyring', () => {
  const store = createSecretStore();
  const valueFor = (field: string) => `ünïcode-${field}-${Math.random().toString(36).slice(2)}`;

  afterAll(async () => {
    for (const field of SECRET_FIELDS) await store.delete(field);
  });

  it('set, get, list and delete round-trip, confirmed by secret-tool', async () => {
    const values = Object.fromEntries(SECRET_FIELDS.map((f) => [f, valueFor(f)]));
    for (const field of SECRET_FIELDS) await store.set(field, values[field] as string);

    for (const field of SECRET_FIELDS) {
      expect(secretTool(field)).toBe(values[field]);
      expect(await store.get(field)).toBe(values[field]);
    }
    expect(await store.list()).toEqual([...SECRET_FIELDS]);

    await store.delete('backend.database.password');
    expect(secretTool('backend.database.password')).toBeNull();
    expect(await store.get('backend.database.password')).toBeNull();
    expect(await store.list()).toEqual(SECRET_FIELDS.filter((f) => f !== 'backend.database.password'));
  });

  it('overwrites a value in place', async () => {
    await store.set('backend.auth.jwtSecret', 'first');
    await store.set('backend.auth.jwtSecret', 'second');
    expect(secretTool('backend.auth.jwtSecret')).toBe('second');
  });

  it('deleting a field that is not there is fine', async () => {
    await store.delete('backend.externalApis.difySttApiKey');
    await expect(store.delete('backend.externalApis.difySttApiKey')).resolves.toBeUndefined();
  });

  it('probe succeeds and leaves no entry behind', async () => {
    await store.probe();
    expect(secretTool(PROBE_ACCOUNT)).toBeNull();
  });
});

describe('when the keychain is unavailable', () => {
  let bare: PrivateBus | undefined;
  let locked: PrivateBus | undefined;
  let noLogin: PrivateBus | undefined;
  afterAll(() => {
    bare?.stop();
    locked?.stop();
    noLogin?.stop();
  });
  const LOCKED_MESSAGE =
    'The system keyring (Secret Service, e.g. GNOME Keyring or KWallet) is locked or has no default keyring. Unlock it (for example by logging in to your desktop, or in "Passwords and Keys"), then try again.';

  it('no D-Bus session at all (SSH, no desktop): no_dbus', async () => {
    const result = await inChild('get', envWithout('DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY'));
    expect(result).toMatchObject({
      ok: false,
      name: 'KeychainUnavailableError',
      code: 'no_dbus',
      message: keychainMessage('no_dbus', 'linux', 'Cannot autolaunch D-Bus without X11 $DISPLAY'),
    });
    expect(result.ms).toBeLessThan(5000);
  });

  it('a D-Bus address that points nowhere: no_dbus', async () => {
    const result = await inChild('set', {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/ma-bus',
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'no_dbus',
      message: keychainMessage('no_dbus', 'linux'),
    });
  });

  it('a D-Bus session without a Secret Service: no_secret_service, for reads and writes', async () => {
    bare = startBareBus();
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: bare.address };
    for (const op of ['get', 'set', 'list']) {
      const result = await inChild(op, env);
      expect(result).toMatchObject({
        ok: false,
        code: 'no_secret_service',
        message: keychainMessage('no_secret_service', 'linux'),
      });
      expect(result.message).toContain('Install and start one (for example the gnome-keyring package)');
    }
  });

  it('a locked collection: probe and set say locked', async () => {
    locked = startKeyring('locked');
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: locked.address };
    for (const op of ['probe', 'set']) {
      const result = await inChild(op, env);
      expect(result).toMatchObject({ ok: false, code: 'locked', message: LOCKED_MESSAGE });
    }
    // A locked collection still answers reads, with nothing: that is why probe() writes.
    expect(await inChild('get', env)).toMatchObject({ ok: true, value: null });
  });

  it('a keyring with no default (login) keyring yet: locked, with the same advice', async () => {
    noLogin = startKeyring('no-login');
    const result = await inChild('probe', { ...process.env, DBUS_SESSION_BUS_ADDRESS: noLogin.address });
    expect(result).toMatchObject({ ok: false, code: 'locked', message: LOCKED_MESSAGE });
  });
});
