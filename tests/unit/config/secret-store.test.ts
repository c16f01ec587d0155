import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  classifyKeychainError,
  createSecretStore,
  keychainMessage,
  type KeytarLike,
} from '../../../electron/main/secrets';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();

/** An in-memory keytar, to test the store's own logic; the real keychain is in tests/integration. */
function memoryKeytar(): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const key = (s: string, a: string) => `${s}\u0000${a}`;
  return {
    entries,
    getPassword: async (s, a) => entries.get(key(s, a)) ?? null,
    setPassword: async (s, a, p) => void entries.set(key(s, a), p),
    deletePassword: async (s, a) => entries.delete(key(s, a)),
    findCredentials: async (s) =>
      [...entries]
        .filter(([k]) => k.startsWith(`${s}\u0000`))
        .map(([k, password]) => ({ account: k.split('\u0000')[1] as string, password })),
  };
}

const failing = (message: string): KeytarLike => {
  const fail = async () => {
    throw new Error(message);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail };
};

describe('createSecretStore logic', () => {
  it('stores under service meeting-assistant with the dotted path as account', async () => {
    const keytar = memoryKeytar();
    const store = createSecretStore({ keytar });
    await store.set('backend.auth.jwtSecret', 'v');
    expect([...keytar.entries.keys()]).toEqual(['meeting-assistant\u0000backend.auth.jwtSecret']);
    expect(await store.get('backend.auth.jwtSecret')).toBe('v');
  });

  it('an empty value deletes the entry', async () => {
    const keytar = memoryKeytar();
    const store = createSecretStore({ keytar });
    await store.set('backend.database.password', 'v');
    await store.set('backend.database.password', '');
    expect(await store.get('backend.database.password')).toBeNull();
  });

  it('lists only secret fields, in their documented order', async () => {
    const keytar = memoryKeytar();
    const store = createSecretStore({ keytar });
    await keytar.setPassword('meeting-assistant', 'something-else', 'x');
    await store.set('backend.auth.jwtSecret', 'a');
    await store.set('backend.database.password', 'b');
    expect(await store.list()).toEqual(['backend.database.password', 'backend.auth.jwtSecret']);
  });

  it('keeps a destination binding beside the secret, listed as no secret, replaced or removed with it', async () => {
    const keytar = memoryKeytar();
    const store = createSecretStore({ keytar });
    await store.set('backend.database.password', 'pw', 'mysql://u@db.example:3306');
    expect(keytar.entries.get('meeting-assistant\u0000backend.database.password#destination')).toBe(
      'mysql://u@db.example:3306',
    );
    expect(await store.destination('backend.database.password')).toBe('mysql://u@db.example:3306');
    expect(await store.list()).toEqual(['backend.database.password']);
    // A new value without a destination never inherits the old one.
    await store.set('backend.database.password', 'pw2');
    expect(await store.destination('backend.database.password')).toBeNull();
    await store.set('backend.database.password', 'pw3', 'mysql://u@other:3306');
    await store.delete('backend.database.password');
    expect(keytar.entries.size).toBe(0);
  });

  it('refuses a field that is not a secret field', async () => {
    const store = createSecretStore({ keytar: memoryKeytar() });
    // @ts-expect-error not a SecretField: the type and the runtime check both refuse it
    await expect(store.set('backend.port', 'x')).rejects.toThrow(TypeError);
  });

  it('probe leaves nothing behind', async () => {
    const keytar = memoryKeytar();
    await createSecretStore({ keytar }).probe();
    expect(keytar.entries.size).toBe(0);
  });

  it('never hangs: a keychain that does not answer gives a timeout error', async () => {
    const never = () => new Promise<never>(() => undefined);
    const keytar: KeytarLike = {
      getPassword: never,
      setPassword: never,
      deletePassword: never,
      findCredentials: never,
    };
    const started = Date.now();
    const error = await createSecretStore({ keytar, timeoutMs: 100, platform: 'linux' })
      .get('backend.auth.jwtSecret')
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect(error).toMatchObject({ code: 'timeout', message: keychainMessage('timeout', 'linux') });
  });

  it('a keytar native module that cannot load gives keytar_load_failed, not a crash', async () => {
    // A real failed native load: a keytar package whose .node file is not a shared library.
    const dir = path.join(tempDir(), 'node_modules', 'keytar');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.js'), "module.exports = require('./keytar.node');");
    writeFileSync(path.join(dir, 'keytar.node'), 'not a shared library');
    const requireFromTemp = createRequire(path.join(tempDir(), 'x.js'));
    const store = createSecretStore({
      loadKeytar: async () => requireFromTemp('keytar') as KeytarLike,
      platform: 'linux',
    });
    const error = await store.list().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KeychainUnavailableError', code: 'keytar_load_failed' });
    expect((error as Error).message).toMatch(
      /^Meeting Assistant could not load its keychain component, so it cannot use the system keyring .*Reinstall Meeting Assistant/,
    );
    expect((error as Error).message).toContain('does not store passwords and keys in a plain file');
  });

  it('a module that is not installed at all gives keytar_load_failed too', async () => {
    const store = createSecretStore({
      loadKeytar: () => import('keytar-that-is-not-installed' as string) as Promise<KeytarLike>,
    });
    await expect(store.get('backend.auth.jwtSecret')).rejects.toMatchObject({ code: 'keytar_load_failed' });
  });

  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no_dbus'],
    ['Could not connect: No such file or directory', 'no_dbus'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'no_secret_service'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'locked'],
    ['User interaction is not allowed.', 'locked'],
    ['Something else entirely', 'unknown'],
  ] as const)('maps "%s" to %s', async (message, code) => {
    expect(classifyKeychainError(message)).toBe(code);
    await expect(
      createSecretStore({ keytar: failing(message), platform: 'linux' }).get('backend.auth.jwtSecret'),
    ).rejects.toMatchObject({
      code,
      message: keychainMessage(code, 'linux', message),
    });
  });
});

describe('keychain messages per OS', () => {
  it('names the keychain the user knows', () => {
    expect(keychainMessage('no_secret_service', 'linux')).toContain('GNOME Keyring');
    expect(keychainMessage('keytar_load_failed', 'win32')).toContain('Windows Credential Manager');
    expect(keychainMessage('locked', 'darwin')).toContain('Keychain Access');
    expect(keychainMessage('locked', 'win32')).toContain('Windows Credential Manager');
    expect(keychainMessage('timeout', 'darwin')).toContain('macOS Keychain');
  });
});
