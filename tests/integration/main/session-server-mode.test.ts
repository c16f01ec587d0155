// Server mode: the app signs in against a company's Meeting Assistant server at `apiBaseUrl`
// (the real backend as `meeting-backend serve`, one worker, on MariaDB), with no launch token.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcEnvelope } from '../../../electron/contract/ipc';
import type { SessionView } from '../../../electron/contract/session';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { createKeychainVault } from '../../../electron/main/session';
import { freePort } from '../../support/free-port';
import { ACCOUNTS, SIGNIN_PASSWORD, startFakeSignIn, type FakeSignIn } from '../../support/fake-signin';
import { createDbUser, PYTHON, recorder, REPO_ROOT, tempDir, waitUntil, writeJson } from './helpers';

const PAGE = 'http://127.0.0.1:4173/';
const vault = createKeychainVault({ account: `session.token.server-test-${process.pid}` });
let signin: FakeSignIn;
let server: ChildProcess | null = null;
let apiBaseUrl: string;
let app: MainApp | null = null;

beforeAll(async () => {
  signin = await startFakeSignIn();
  const db = await createDbUser('ma_session_srv', `srv-db-pw-${process.pid}`, 'ma_session_srv_db');
  const folder = tempDir('ma-server-');
  const port = await freePort();
  writeJson(path.join(folder, 'server.json'), {
    server: { host: '127.0.0.1', port, workers: 1, allowedHosts: ['127.0.0.1'] },
    externalApis: { authApiUrl: signin.url },
    auth: { adminEmail: 'admin@example.com', jwtExpireHours: 8 },
  });
  const env = {
    DB_HOST: db.host,
    DB_PORT: String(db.port),
    DB_USER: db.user,
    DB_PASS: db.password,
    DB_NAME: db.database,
    DIFY_API_URL: 'http://127.0.0.1:9/v1',
    DIFY_API_KEY: 'app-server-dify-key',
    JWT_SECRET: `server-jwt-secret-${process.pid}-0123456789abcdef`,
  };
  fs.writeFileSync(
    path.join(folder, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}='${v}'`)
      .join('\n'),
    { mode: 0o600 },
  );
  server = spawn(PYTHON, ['-m', 'meeting_backend', 'serve', '--config', path.join(folder, 'server.json')], {
    cwd: path.join(REPO_ROOT, 'sidecars/backend'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  apiBaseUrl = `http://127.0.0.1:${port}/api`;
  let healthy = false;
  await waitUntil(
    () => {
      void fetch(`${apiBaseUrl}/health`)
        .then((r) => (healthy = r.ok))
        .catch(() => undefined);
      return healthy;
    },
    60_000,
    500,
  );
  expect(healthy, 'the server-mode backend did not become healthy').toBe(true);
});
afterAll(async () => {
  await app?.stop();
  await vault.clear();
  if (server?.pid) {
    server.kill('SIGTERM');
    await waitUntil(() => server!.exitCode !== null || server!.signalCode !== null, 20_000);
  }
  await signin?.close();
});

describe('session in server mode', () => {
  it('signs in at apiBaseUrl without a launch token, and keeps the session for that server only', async () => {
    const userDataDir = tempDir('ma-session-srv-');
    writeJson(path.join(userDataDir, 'config.json'), {
      version: 1,
      apiBaseUrl,
      backend: { embedded: false },
    });
    const rec = recorder();
    app = createMainApp({
      userDataDir,
      adminDir: null,
      env: {},
      emit: rec.emit,
      secretStore: createSecretStore(),
      sessionVault: vault,
      appOrigin: { devServerUrl: PAGE },
      gate: { attempts: 40, intervalMs: 250 },
    });
    const state = await app.start();
    expect(state.screen, JSON.stringify(state)).toBe('ready');
    const env = (await app.dispatch(
      'session:signIn',
      { username: ACCOUNTS[1]!.username, password: SIGNIN_PASSWORD, keepSignedIn: true },
      { url: PAGE },
    )) as IpcEnvelope<SessionView>;
    expect(env, JSON.stringify(env)).toMatchObject({
      ok: true,
      // adminEmail matches this account: the backend's role comes through.
      value: { user: { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' } },
    });
    expect(await vault.load()).toMatchObject({ destination: new URL(apiBaseUrl).origin });
  });
});
