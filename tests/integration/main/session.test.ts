// The signed-in session through the handler map, as the renderer drives it: the real backend in
// normal mode on MariaDB, a fake company sign-in service (tests/support/fake-signin.ts), and the
// real keychain (its own account per run). The token must stay in main.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FIELDS, type SecretField } from '../../../electron/contract/config';
import type { IpcEnvelope } from '../../../electron/contract/ipc';
import type { SessionView } from '../../../electron/contract/session';
import { createMainApp, type MainApp, type MainAppOptions } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { createKeychainVault, type Clock } from '../../../electron/main/session';
import { freePort } from '../../support/free-port';
import {
  ACCOUNTS,
  SIGNIN_PASSWORD,
  startFakeSignIn,
  WRONG_PASSWORD_MESSAGE,
  type FakeSignIn,
} from '../../support/fake-signin';
import {
  allFilesText,
  createDbUser,
  embeddedConfig,
  recorder,
  SECRET_VALUES,
  tempDir,
  writeJson,
} from './helpers';

const PAGE = 'http://127.0.0.1:4173/';
const ACCOUNT = `session.token.test-${process.pid}`;
const secrets = createSecretStore();
const vault = createKeychainVault({ account: ACCOUNT });
let db: Awaited<ReturnType<typeof createDbUser>>;
let signin: FakeSignIn;
let userDataDir: string;
const apps: MainApp[] = [];

async function freshDatabase(name: string): Promise<void> {
  // The backend counts failed sign-ins in the database: each run starts from none.
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ socketPath: process.env.MA_TEST_DB_SOCKET, user: 'root' });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.end();
}

beforeAll(async () => {
  await freshDatabase('ma_session_db');
  db = await createDbUser('ma_session', SECRET_VALUES['backend.database.password'], 'ma_session_db');
  signin = await startFakeSignIn();
});
afterAll(async () => {
  await signin?.close();
  await vault.clear();
});
beforeEach(async () => {
  userDataDir = tempDir('ma-session-');
  for (const f of SECRET_FIELDS) await secrets.delete(f);
  for (const [f, v] of Object.entries(SECRET_VALUES)) await secrets.set(f as SecretField, v);
  await vault.clear();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

async function writeConfig(authApiUrl: string): Promise<void> {
  const config = embeddedConfig(db, { port: await freePort() }) as {
    backend: { externalApis: Record<string, string>; auth: Record<string, unknown> };
  };
  config.backend.externalApis.authApiUrl = authApiUrl;
  config.backend.auth.jwtExpireHours = 1;
  writeJson(path.join(userDataDir, 'config.json'), config);
}

/** A clock the test moves forward; timers fire when it passes them. */
function manualClock(): Clock & { advanceTo(ms: number): void } {
  let offset = 0;
  const timers = new Set<{ due: number; fn: () => void }>();
  const now = () => Date.now() + offset;
  return {
    now,
    setTimer: (fn, ms) => {
      const t = { due: now() + ms, fn };
      timers.add(t);
      return t;
    },
    clearTimer: (h) => void timers.delete(h as { due: number; fn: () => void }),
    advanceTo(ms) {
      offset += Math.max(0, ms - now());
      for (const t of [...timers])
        if (t.due <= now()) {
          timers.delete(t);
          t.fn();
        }
    },
  };
}

async function launch(extra: Partial<MainAppOptions> = {}) {
  const rec = recorder();
  const app = createMainApp({
    userDataDir,
    adminDir: null,
    env: {},
    emit: rec.emit,
    secretStore: secrets,
    sessionVault: vault,
    appOrigin: { devServerUrl: PAGE },
    gate: { attempts: 40, intervalMs: 250 },
    ...extra,
  });
  apps.push(app);
  const state = await app.start();
  expect(state.screen, JSON.stringify(state)).toBe('ready');
  const seen: unknown[] = [];
  const send = async <T>(channel: string, args?: unknown): Promise<IpcEnvelope<T>> => {
    const env = (await app.dispatch(channel, args, { url: PAGE })) as IpcEnvelope<T>;
    seen.push(env);
    return env;
  };
  const call = async <T>(channel: string, args?: unknown): Promise<T> => {
    const env = await send<T>(channel, args);
    if (!env.ok) throw new Error(`${channel}: ${env.error.code}: ${env.error.message}`);
    return env.value;
  };
  /** Everything the renderer could have seen: every answer and every event. */
  const visible = () => JSON.stringify([seen, rec.events]);
  return { app, rec, send, call, visible };
}

const alice = ACCOUNTS[0]!;
const signIn = (keepSignedIn: boolean) => ({
  username: alice.username,
  password: SIGNIN_PASSWORD,
  keepSignedIn,
});

describe('session (real backend, fake company sign-in service)', () => {
  it('signs in; the user reaches the renderer, the token never does', async () => {
    await writeConfig(signin.url);
    const { app, call, rec, visible } = await launch();
    expect(await call('session:get')).toBeNull();
    const view = await call<SessionView>('session:signIn', signIn(false));
    expect(view).toMatchObject({
      user: { email: alice.email, name: alice.name, role: 'user' },
      keepSignedIn: false,
    });
    // jwtExpireHours is 1: the expiry the backend set, about an hour from now.
    const left = Date.parse(view!.expiresAt) - Date.now();
    expect(left).toBeGreaterThan(50 * 60_000);
    expect(left).toBeLessThanOrEqual(60 * 60_000 + 1000);
    expect(await call('session:get')).toEqual(view);
    await rec.waitFor('session:changed', (p) => p?.user.email === alice.email);
    expect(signin.calls).toContain(alice.username);

    const token = app.session.token();
    expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(visible()).not.toContain(token!);
    expect(visible()).not.toContain(token!.split('.')[2]!);
    expect(allFilesText(userDataDir)).not.toContain(token!);
    // Not kept: nothing in the keychain.
    expect(await vault.load()).toBeNull();
  });

  it('a wrong password answers invalid_credentials with the service’s own message', async () => {
    await writeConfig(signin.url);
    const { send } = await launch();
    const env = await send('session:signIn', { ...signIn(false), password: 'not the password' });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('invalid_credentials');
    expect(env.error.message).toContain(WRONG_PASSWORD_MESSAGE);
    expect(env.error.message).not.toContain('not the password');
  });

  it('"Keep me signed in" survives a restart; sign-out clears memory and the keychain', async () => {
    await writeConfig(signin.url);
    const first = await launch();
    const view = await first.call<SessionView>('session:signIn', signIn(true));
    const token = first.app.session.token()!;
    const kept = await vault.load();
    expect(kept).toMatchObject({ token, destination: 'embedded', expiresAt: view!.expiresAt });
    await first.app.stop();

    // A new app on the same keychain: a new backend process and port, the same signed-in user.
    const second = await launch();
    const restored = await second.call<SessionView>('session:get');
    expect(restored).toMatchObject({ user: view!.user, keepSignedIn: true, expiresAt: view!.expiresAt });
    expect(second.app.session.token()).toBe(token);
    expect(second.visible()).not.toContain(token);

    await second.call('session:signOut');
    expect(await second.call('session:get')).toBeNull();
    expect(second.app.session.token()).toBeNull();
    await second.rec.waitFor('session:changed', (p) => p === null);
    expect(await vault.load()).toBeNull();
    await second.app.stop();

    const third = await launch();
    expect(await third.call('session:get')).toBeNull();
  });

  it('without "Keep me signed in", a restart asks again', async () => {
    await writeConfig(signin.url);
    const first = await launch();
    await first.call('session:signIn', signIn(false));
    await first.app.stop();
    const second = await launch();
    expect(await second.call('session:get')).toBeNull();
  });

  it('refreshes the token when less than the threshold remains before expiry', async () => {
    await writeConfig(signin.url);
    const clock = manualClock();
    const { app, call, rec } = await launch({ sessionClock: clock });
    const view = await call<SessionView>('session:signIn', signIn(true));
    const before = app.session.token()!;
    const expiresAt = Date.parse(view!.expiresAt);
    // The backend's expiry has whole seconds: let one pass so the new token differs.
    await new Promise((r) => setTimeout(r, 1100));
    clock.advanceTo(expiresAt - 5 * 60_000 - 1000);
    expect(app.session.token()).toBe(before);
    clock.advanceTo(expiresAt - 4 * 60_000);
    const renewed = await rec.waitFor('session:changed', (p) => !!p && Date.parse(p.expiresAt) > expiresAt);
    expect(renewed?.user.email).toBe(alice.email);
    expect(app.session.token()).not.toBe(before);
    expect((await vault.load())?.token).toBe(app.session.token());
    expect(await call('session:get')).toEqual(renewed);
  });

  it('after 5 failures for one name, the backend’s limit answers too_many_attempts with the wait', async () => {
    await writeConfig(signin.url);
    const { send } = await launch();
    const attempt = () =>
      send('session:signIn', { username: 'alice@example.com', password: 'guess', keepSignedIn: false });
    for (let i = 0; i < 5; i++)
      expect(await attempt()).toMatchObject({ error: { code: 'invalid_credentials' } });
    const calls = signin.calls.length;
    const env = await attempt();
    expect(env).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    if (!env.ok) expect(env.error.message).toMatch(/Try again in \d+ minutes?\./);
    // The company service was not asked again.
    expect(signin.calls.length).toBe(calls);
  });

  it('an unreachable sign-in service answers auth_unreachable', async () => {
    const closed = await freePort();
    await writeConfig(`http://127.0.0.1:${closed}/auth`);
    const { send } = await launch();
    const env = await send('session:signIn', signIn(false));
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('auth_unreachable');
    expect(env.error.message).toMatch(/could not be reached/);
  });
});
