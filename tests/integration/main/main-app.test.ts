// createMainApp end to end in Node: real config files in temp folders, the real keychain, the real
// Python backend and MariaDB, driven through `dispatch` exactly as the renderer (or e2e) does.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FIELDS, type SecretField } from '../../../electron/contract/config';
import type { IpcEnvelope, LaunchState, SaveResult } from '../../../electron/contract/ipc';
import { createMainApp, type MainApp, type MainAppOptions } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { freePort } from '../../support/free-port';
import {
  allFilesText,
  createDbUser,
  embeddedConfig,
  FAKE_SIDECAR,
  isAlive,
  occupyPort,
  recorder,
  SECRET_VALUES,
  tempDir,
  waitUntil,
  writeJson,
} from './helpers';

const PAGE = 'http://127.0.0.1:4173/';
const secrets = createSecretStore();
let db: Awaited<ReturnType<typeof createDbUser>>;
let userDataDir: string;
let adminDir: string;
const apps: MainApp[] = [];

beforeAll(async () => {
  db = await createDbUser('ma_app', SECRET_VALUES['backend.database.password'], 'ma_app_db');
});
beforeEach(async () => {
  userDataDir = tempDir('ma-user-');
  adminDir = tempDir('ma-admin-');
  for (const f of SECRET_FIELDS) await secrets.delete(f);
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

function makeApp(extra: Partial<MainAppOptions> = {}) {
  const rec = recorder();
  const app = createMainApp({
    userDataDir,
    adminDir,
    env: {},
    emit: rec.emit,
    secretStore: secrets,
    appOrigin: { devServerUrl: PAGE },
    gate: { attempts: 40, intervalMs: 250 },
    ...extra,
  });
  apps.push(app);
  const call = async <T>(channel: string, args?: unknown): Promise<T> => {
    const env = (await app.dispatch(channel, args, { url: PAGE })) as IpcEnvelope<T>;
    if (!env.ok) throw new Error(`${channel}: ${env.error.code}: ${env.error.message}`);
    return env.value;
  };
  return { app, rec, call };
}

async function storeSecrets(values: Partial<Record<SecretField, string>> = SECRET_VALUES): Promise<void> {
  for (const [f, v] of Object.entries(values)) await secrets.set(f as SecretField, v);
}

describe('createMainApp', () => {
  it('launches a valid user config to ready, serves status over dispatch, and stops the backend', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db, { port: await freePort() }));
    await storeSecrets();
    const { app, rec, call } = makeApp();
    const state = await app.start();
    expect(state.screen, JSON.stringify(state)).toBe('ready');
    const status = await call<{ apiBaseUrl: string; mode: string; health: { database: string } }>(
      'app:getStatus',
    );
    expect(status).toMatchObject({
      mode: 'embedded',
      health: { status: 'ok', mode: 'normal', database: 'ok' },
    });
    expect((await fetch(`${status.apiBaseUrl}/health`)).status).toBe(200);
    // The settings screen can test through the running (normal-mode) backend, password from the keychain.
    expect(
      await call('setup:testDatabase', {
        host: db.host,
        port: db.port,
        user: db.user,
        database: db.database,
      }),
    ).toMatchObject({
      ok: true,
    });
    const steps = rec.events
      .filter((e) => e.event === 'launch:progress')
      .map((e) => (e.payload as { step: string }).step);
    expect(new Set(steps)).toEqual(
      new Set(['config', 'keychain', 'spawning', 'waiting', 'database', 'ready']),
    );
    const pid = app.controller.backendSupervisor.process!.pid!;
    await app.stop();
    expect(isAlive(pid)).toBe(false);
    const text = allFilesText(userDataDir);
    for (const f of SECRET_FIELDS) expect(text).not.toContain(SECRET_VALUES[f]);
  });

  it('wizard: setup-mode backend tests the database, drafts drop secrets, finish saves and launches', async () => {
    const { app, call } = makeApp();
    const state = await app.start();
    expect(state).toMatchObject({ screen: 'wizard', source: { kind: 'none' } });

    const good = await call('setup:testDatabase', {
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.database,
    });
    expect(good).toMatchObject({ ok: true });
    const bad = await call('setup:testDatabase', {
      host: db.host,
      port: db.port,
      user: db.user,
      password: 'wrong',
      database: db.database,
    });
    expect(bad).toMatchObject({ ok: false, code: 'access_denied' });
    // The TLS mode reaches the backend: the harness's server offers no TLS, which `required` refuses.
    const tls = await call('setup:testDatabase', {
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.database,
      ssl: 'required',
    });
    expect(tls).toMatchObject({ ok: false, code: 'tls_error' });

    await call('wizard:saveDraft', {
      step: 'database',
      values: {
        backend: { database: { host: db.host, password: 'typed-secret-1' } },
        'backend.auth.jwtSecret': 'typed-secret-2',
      },
      savedAt: new Date().toISOString(),
    });
    const draftText = fs.readFileSync(path.join(userDataDir, 'wizard-draft.json'), 'utf8');
    expect(draftText).not.toContain('typed-secret');
    expect(await call('wizard:loadDraft')).toMatchObject({
      step: 'database',
      values: { backend: { database: { host: db.host } } },
    });

    const config = embeddedConfig(db, { port: await freePort() });
    const result = await call<SaveResult>('wizard:finish', { config, secrets: SECRET_VALUES });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, state: { screen: 'ready' } });
    const written = fs.readFileSync(path.join(userDataDir, 'config.json'), 'utf8');
    for (const f of SECRET_FIELDS) {
      expect(written).not.toContain(SECRET_VALUES[f]);
      expect(await secrets.get(f)).toBe(SECRET_VALUES[f]);
    }
    expect(fs.existsSync(path.join(userDataDir, 'wizard-draft.json'))).toBe(false);
    expect(await call('app:getLaunchState')).toMatchObject({ screen: 'ready' });
  });

  it('a failed save keeps the values, says why, and one action restores the last working config', async () => {
    const port = await freePort();
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db, { port }));
    await storeSecrets();
    const { app, call } = makeApp();
    expect((await app.start()).screen).toBe('ready');

    const wrong = await call<SaveResult>('config:save', {
      config: embeddedConfig(db, { port }),
      secrets: { 'backend.database.password': 'not-the-password' },
    });
    expect(wrong).toMatchObject({
      ok: false,
      stage: 'health',
      failure: { code: 'access_denied' },
      canRestore: true,
      previousKept: false,
    });
    expect(await secrets.get('backend.database.password')).toBe('not-the-password');
    expect((await call<LaunchState>('app:getLaunchState')).screen).toBe('failed');

    const restored = await call<LaunchState>('config:restoreBackup');
    expect(restored.screen, JSON.stringify(restored)).toBe('ready');
    expect(await secrets.get('backend.database.password')).toBe(SECRET_VALUES['backend.database.password']);
  });

  it('a save with invalid values fails at validation with every problem, nothing written', async () => {
    const file = path.join(userDataDir, 'config.json');
    writeJson(file, embeddedConfig(db, { port: await freePort() }));
    await storeSecrets();
    const before = fs.readFileSync(file);
    const { app, call } = makeApp();
    await app.start();
    const bad = embeddedConfig({ ...db, port: 0, host: 'bad host!' }, {});
    const r = await call<SaveResult>('config:save', {
      config: bad,
      secrets: { 'backend.auth.jwtSecret': 'short' },
    });
    expect(r).toMatchObject({ ok: false, stage: 'validate', previousKept: true });
    if (!r.ok)
      expect(r.problems.map((p) => p.path).sort()).toEqual([
        'backend.auth.jwtSecret',
        'backend.database.host',
        'backend.database.port',
      ]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('invalid config: the problems are shown, and the settings screen can still test the database', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig({ ...db, port: 70000 }));
    const { app, call } = makeApp();
    const state = await app.start();
    expect(state).toMatchObject({ screen: 'invalid-config', problems: [{ path: 'backend.database.port' }] });
    if (state.screen === 'invalid-config')
      expect(state.prefill).toMatchObject({ backend: { database: { port: 70000 } } });
    expect(await call('setup:testDatabase', { ...db })).toMatchObject({ ok: true });
  });

  it('keychain unavailable: the plain explanation screen', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db));
    const { app } = makeApp({
      secretStore: createSecretStore({
        loadKeytar: () => Promise.reject(new Error('keytar.node: invalid ELF header')),
      }),
    });
    expect(await app.start()).toMatchObject({
      screen: 'keychain-unavailable',
      failure: { code: 'keytar_load_failed' },
    });
  });

  it('server mode (embedded: false) gates on ${apiBaseUrl}/health, and fails clearly when unreachable', async () => {
    // A backend somewhere else: another app instance's setup-mode backend plays the company server.
    const serverDir = tempDir();
    const server = createMainApp({
      userDataDir: serverDir,
      adminDir: null,
      env: {},
      emit: () => {},
      secretStore: secrets,
    });
    apps.push(server);
    expect((await server.start()).screen).toBe('wizard');
    await waitUntil(() => server.controller.backendSupervisor.ready !== null, 20_000);
    const remote = server.controller.backendSupervisor.ready!;
    const apiBaseUrl = `http://127.0.0.1:${remote.port}/api`;

    writeJson(path.join(userDataDir, 'config.json'), {
      version: 1,
      apiBaseUrl,
      backend: { embedded: false },
    });
    const { app } = makeApp();
    expect(await app.start()).toMatchObject({ screen: 'ready', status: { mode: 'server', apiBaseUrl } });
    expect(app.controller.backendSupervisor.process).toBeNull();

    writeJson(path.join(userDataDir, 'config.json'), {
      version: 1,
      apiBaseUrl: `http://127.0.0.1:${await freePort()}/api`,
      backend: { embedded: false },
    });
    const other = makeApp({ gate: { attempts: 3, intervalMs: 100 } });
    expect(await other.app.start()).toMatchObject({ screen: 'failed', failure: { code: 'health_timeout' } });
  });

  it('quit during startup stops the backend that was starting', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db, { port: await freePort() }));
    await storeSecrets();
    const { app } = makeApp();
    const starting = app.start();
    await waitUntil(() => app.controller.backendSupervisor.process?.pid !== undefined, 10_000, 5);
    const pid = app.controller.backendSupervisor.process!.pid!;
    await app.stop();
    expect(isAlive(pid)).toBe(false);
    expect((await starting).screen).toBe('failed');
  });

  it('refuses calls from other pages and bad arguments with typed envelopes', async () => {
    const { app } = makeApp();
    expect(
      await app.dispatch('app:getLaunchState', undefined, { url: 'https://evil.example/' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    expect(await app.dispatch('setup:testDatabase', { host: 'x' }, { url: PAGE })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    });
    expect(
      await app.dispatch('shell:openExternal', { url: 'file:///etc/passwd' }, { url: PAGE }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unsafe_url' },
    });
  });

  it('configured port taken: ready on the port the backend chose, and a crash restarts it', async () => {
    const taken = await occupyPort();
    try {
      writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db, { port: taken.port }));
      await storeSecrets();
      const origins: (string | null)[] = [];
      const { app, rec, call } = makeApp({
        onBackendOrigin: (o) => origins.push(o),
        restart: { maxRestarts: 2, baseDelayMs: 100 },
      });
      const state = await app.start();
      expect(state.screen).toBe('ready');
      const status = await call<{ apiBaseUrl: string }>('app:getStatus');
      expect(status.apiBaseUrl).not.toContain(`:${taken.port}/`);
      expect(origins.at(-1)).toBe(new URL(status.apiBaseUrl).origin);

      const pid = app.controller.backendSupervisor.process!.pid!;
      process.kill(pid, 'SIGKILL');
      await rec.waitFor('sidecar:status', (s) => s.state === 'crashed');
      await rec.waitFor('sidecar:status', (s) => s.state === 'restarting');
      await waitUntil(() => app.controller.backendSupervisor.ready !== null, 20_000);
      const after = await call<{ apiBaseUrl: string }>('app:getStatus');
      expect((await fetch(`${after.apiBaseUrl}/health`)).status).toBe(200);
    } finally {
      await taken.close();
    }
  });

  it('a backend that keeps crashing ends in gave-up, and the main view turns into a failure with Retry', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db, { port: await freePort() }));
    await storeSecrets();
    const { app, rec } = makeApp({
      sidecarCommand: () => ({ file: process.execPath, args: [FAKE_SIDECAR] }),
      restart: { maxRestarts: 1, baseDelayMs: 50 },
    });
    expect((await app.start()).screen).toBe('ready');
    process.kill(app.controller.backendSupervisor.process!.pid!, 'SIGKILL');
    await rec.waitFor('sidecar:status', (s) => s.state === 'restarting');
    await waitUntil(() => app.controller.backendSupervisor.ready !== null, 10_000);
    process.kill(app.controller.backendSupervisor.process!.pid!, 'SIGKILL');
    await rec.waitFor('sidecar:status', (s) => s.state === 'gave-up');
    await waitUntil(() => app.controller.getState().screen === 'failed', 5000);
    expect(app.controller.getState()).toMatchObject({
      screen: 'failed',
      failure: { code: 'backend_gave_up' },
    });
    expect((await app.controller.start()).screen).toBe('ready');
  });

  it('a short gate setting in config.json (launch.healthAttempts/healthIntervalMs) gives a clear timeout', async () => {
    const closed = await freePort(); // the database is down: health stays 503 degraded
    const config = {
      ...embeddedConfig({ ...db, port: closed }, { port: await freePort() }),
      launch: { healthAttempts: 2, healthIntervalMs: 100 },
    };
    writeJson(path.join(userDataDir, 'config.json'), config);
    await storeSecrets();
    const { app } = makeApp({ gate: undefined });
    const state = await app.start();
    expect(state).toMatchObject({ screen: 'failed', failure: { code: 'health_timeout' }, canRestore: false });
    if (state.screen === 'failed') {
      expect(state.failure.message).toContain('2 attempts');
      expect(state.progress).toContainEqual(expect.objectContaining({ step: 'waiting', state: 'failed' }));
    }
    // The `launch` section survives a rewrite of the file by the app.
    const r = await app.controller.save({ config, secrets: {} });
    expect(r.ok).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(userDataDir, 'config.json'), 'utf8'))).toMatchObject({
      launch: { healthAttempts: 2 },
    });
  });
});
