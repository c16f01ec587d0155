// Stored secrets are bound to where they were saved for (issue 9, §3): through the very handler
// map ipcMain registers, with the real keychain, the real backend sidecar and MariaDB. A trap
// socket stands where a mistyped host would be, and must see no connection.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FIELDS, type SecretField } from '../../../electron/contract/config';
import type { IpcEnvelope, SaveResult } from '../../../electron/contract/ipc';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { createDbUser, embeddedConfig, recorder, SECRET_VALUES, tempDir } from './helpers';

const PAGE = 'http://127.0.0.1:4173/';
const DB_PASSWORD = SECRET_VALUES['backend.database.password'];
const secrets = createSecretStore();
let db: Awaited<ReturnType<typeof createDbUser>>;
let userDataDir: string;
const apps: MainApp[] = [];
const traps: Trap[] = [];

interface Trap {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Bytes received so far, as latin-1 text. */
  received: string;
  close(): Promise<void>;
}

/** A listening socket standing in for the host the user mistyped: it records and hangs up. */
async function trap(): Promise<Trap> {
  const t: Trap = { port: 0, connections: 0, received: '', close: async () => undefined };
  const server = net.createServer((sock) => {
    t.connections += 1;
    sock.on('data', (d) => (t.received += d.toString('latin1')));
    sock.on('error', () => undefined);
    setTimeout(() => sock.destroy(), 200);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.port = (server.address() as net.AddressInfo).port;
  t.close = () => new Promise<void>((r) => server.close(() => r()));
  traps.push(t);
  return t;
}

beforeAll(async () => {
  db = await createDbUser('ma_bind', DB_PASSWORD, 'ma_bind_db');
});
beforeEach(async () => {
  userDataDir = tempDir('ma-bind-');
  for (const f of SECRET_FIELDS) await secrets.delete(f);
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
  await Promise.all(traps.splice(0).map((t) => t.close()));
});

/** The app after the wizard saved every secret for `db` (so each has its binding). */
async function savedApp() {
  const app = createMainApp({
    userDataDir,
    adminDir: null,
    env: {},
    emit: recorder().emit,
    secretStore: secrets,
    appOrigin: { devServerUrl: PAGE },
    gate: { attempts: 40, intervalMs: 250 },
  });
  apps.push(app);
  const send = (channel: string, args?: unknown) =>
    app.dispatch(channel, args, { url: PAGE }) as Promise<IpcEnvelope<unknown>>;
  expect((await app.start()).screen).toBe('wizard');
  const finished = await send('wizard:finish', { config: embeddedConfig(db), secrets: SECRET_VALUES });
  expect(finished.ok && (finished.value as SaveResult).ok, JSON.stringify(finished)).toBe(true);
  return { app, send };
}

describe('stored secrets are bound to their destination', () => {
  it('a changed database host with no password is refused with secret_destination_changed, and no connection is made', async () => {
    const { send } = await savedApp();
    const same = { host: db.host, port: db.port, user: db.user, database: db.database };
    // Same destination: the stored password is used, and the real database accepts it.
    expect(await send('setup:testDatabase', same)).toMatchObject({ ok: true, value: { ok: true } });

    const t = await trap();
    const moved = await send('setup:testDatabase', { ...same, port: t.port, timeoutSeconds: 2 });
    expect(moved).toEqual({
      ok: false,
      error: {
        code: 'secret_destination_changed',
        message: 'The password is needed again because the server changed.',
      },
    });
    // Another user on the same server is another destination too.
    expect(await send('setup:testDatabase', { ...same, user: 'someone_else' })).toMatchObject({
      ok: false,
      error: { code: 'secret_destination_changed' },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(t.connections).toBe(0);

    // The trap does see a connection when one is made (the password typed again): it can fail.
    await send('setup:testDatabase', { ...same, port: t.port, password: 'typed again', timeoutSeconds: 2 });
    expect(t.connections).toBeGreaterThan(0);
  });

  it('a changed Dify origin with no key is refused, and the trap sees no request', async () => {
    const { send } = await savedApp();
    const t = await trap();
    for (const keyField of ['backend.externalApis.difyApiKey', 'backend.externalApis.difySttApiKey']) {
      const r = await send('setup:testDify', { difyApiUrl: `http://127.0.0.1:${t.port}/v1`, keyField });
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'secret_destination_changed',
          message: 'The API key is needed again because the Dify address changed.',
        },
      });
    }
    // Same origin, another path: the key was saved for this origin, so it is used (the saved
    // address, port 9, answers nothing: any result but the refusal will do).
    const sameOrigin = await send('setup:testDify', {
      difyApiUrl: 'http://127.0.0.1:9/other',
      keyField: 'backend.externalApis.difyApiKey',
    });
    expect(sameOrigin.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.connections).toBe(0);
  });

  it('settings Save with a changed host and no password asks for it again and changes nothing', async () => {
    const { app, send } = await savedApp();
    const file = path.join(userDataDir, 'config.json');
    const before = fs.readFileSync(file, 'utf8');
    const t = await trap();
    const moved = embeddedConfig({ ...db, port: t.port });
    const r = await send('config:save', { config: moved, secrets: {} });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value).toMatchObject({
      ok: false,
      stage: 'validate',
      failure: { code: 'secret_destination_changed' },
      problems: [
        {
          path: 'backend.database.password',
          message: 'The password is needed again because the server changed.',
        },
      ],
      previousKept: true,
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(app.controller.getState().screen).toBe('ready');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.connections).toBe(0);
    // The binding is in the keychain beside the secret, and unchanged.
    expect(await secrets.destination('backend.database.password')).toBe(
      `mysql://${db.user}@${db.host}:${db.port}`,
    );
  });

  it('a password saved before bindings existed stays bound to the config it was used with', async () => {
    // As an older version left things: the secrets in the keychain with no binding, a user config.
    const file = path.join(userDataDir, 'config.json');
    fs.writeFileSync(file, JSON.stringify(embeddedConfig(db)));
    for (const [f, v] of Object.entries(SECRET_VALUES)) await secrets.set(f as SecretField, v);
    expect(await secrets.destination('backend.database.password')).toBeNull();
    const app = createMainApp({
      userDataDir,
      adminDir: null,
      env: {},
      emit: recorder().emit,
      secretStore: secrets,
      appOrigin: { devServerUrl: PAGE },
      gate: { attempts: 40, intervalMs: 250 },
    });
    apps.push(app);
    const send = (channel: string, args?: unknown) =>
      app.dispatch(channel, args, { url: PAGE }) as Promise<IpcEnvelope<unknown>>;
    expect((await app.start()).screen).toBe('ready');
    const same = { host: db.host, port: db.port, user: db.user, database: db.database };
    expect(await send('setup:testDatabase', same)).toMatchObject({ ok: true, value: { ok: true } });

    // Two steps: move the host while in server mode (nothing is sent then), then back to embedded.
    const t = await trap();
    const moved = embeddedConfig({ ...db, port: t.port }) as { backend: Record<string, unknown> };
    const serverMode = {
      ...moved,
      apiBaseUrl: 'http://127.0.0.1:9/api',
      backend: { ...moved.backend, embedded: false },
    };
    await send('config:save', { config: serverMode, secrets: {} });
    const r = await send('config:save', { config: moved, secrets: {} });
    expect(r.ok && r.value).toMatchObject({ ok: false, failure: { code: 'secret_destination_changed' } });
    expect(await send('setup:testDatabase', { ...same, port: t.port })).toMatchObject({
      ok: false,
      error: { code: 'secret_destination_changed' },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(t.connections).toBe(0);
  });

  it('typing the password again for the new server saves it with the new binding', async () => {
    const { send } = await savedApp();
    const other = await createDbUser('ma_bind2', 'second server pw', 'ma_bind_db');
    const r = await send('config:save', {
      config: embeddedConfig(other),
      secrets: { 'backend.database.password': other.password },
    });
    expect(r.ok && (r.value as SaveResult).ok, JSON.stringify(r)).toBe(true);
    expect(await secrets.destination('backend.database.password')).toBe(
      `mysql://${other.user}@${other.host}:${other.port}`,
    );
    // The Dify keys were not retyped and their origin did not change: still bound as saved.
    expect(await secrets.destination('backend.externalApis.difyApiKey')).toBe('http://127.0.0.1:9');
  });
});
