// "Secrets never touch disk, argv or logs": one whole run of the app, then a scan of everything a
// secret could have leaked into. An administrator's file with plaintext secrets is imported (the
// secrets move to the keychain), the backend starts in normal mode with them, a setup test runs
// with a new password, settings are saved with a replaced key, a save fails at the health check
// (error paths log the most), and the app stops. Then: the sidecars' command lines and
// environments (read while they ran), every file under the user-data folder (config.json, .bak,
// logs, the wizard draft), and every event sent to the renderer.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_FIELDS } from '../../../electron/contract/config';
import type { IpcEnvelope, LaunchState, SaveResult } from '../../../electron/contract/ipc';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { freePort } from '../../support/free-port';
import {
  allFilesText,
  createDbUser,
  embeddedConfig,
  haveServices,
  recorder,
  SECRET_VALUES,
  tempDir,
  writeJson,
} from './helpers';

const PAGE = 'http://127.0.0.1:4173/';
const REPLACED_DIFY_KEY = `app-replaced-key-${process.pid}-frotz`;
const TYPED_PASSWORD = `typed pw ü ${process.pid} "x"`;
const ALL_SECRETS = [...Object.values(SECRET_VALUES), REPLACED_DIFY_KEY, TYPED_PASSWORD];

/** What a process was started with, as the OS shows it to any other local user or tool. */
function processExposure(pid: number): string {
  const read = (what: string) => fs.readFileSync(`/proc/${pid}/${what}`, 'latin1').replaceAll('\0', ' ');
  return `${read('cmdline')}\n${read('environ')}`;
}

describe.skipIf(!haveServices() || process.platform !== 'linux')('secret exposure', () => {
  const secrets = createSecretStore();
  const userDataDir = tempDir('ma-user-');
  const adminDir = tempDir('ma-admin-');
  const rec = recorder();
  let app: MainApp;
  const exposure: string[] = [];

  async function call<T>(channel: string, args?: unknown): Promise<T> {
    const env = (await app.dispatch(channel, args, { url: PAGE })) as IpcEnvelope<T>;
    if (!env.ok) throw new Error(`${channel}: ${env.error.code}: ${env.error.message}`);
    return env.value;
  }

  function recordBackendExposure(): void {
    const pid = app.controller.backendSupervisor.process?.pid;
    expect(pid).toBeTypeOf('number');
    exposure.push(processExposure(pid as number));
  }

  beforeAll(async () => {
    for (const f of SECRET_FIELDS) await secrets.delete(f);
    const db = await createDbUser('ma_leak', SECRET_VALUES['backend.database.password'], 'ma_leak_db');
    writeJson(`${adminDir}/config.json`, embeddedConfig(db, { port: await freePort(), withSecrets: true }));
    app = createMainApp({
      userDataDir,
      adminDir,
      env: {},
      emit: rec.emit,
      secretStore: secrets,
      appOrigin: { devServerUrl: PAGE },
      gate: { attempts: 40, intervalMs: 250 },
    });

    // 1. Import the administrator's file and start with its secrets.
    const state = await app.start();
    expect(state.screen).toBe('ready');
    recordBackendExposure();

    // 2. A connection test with a password typed in settings (a wrong one: it fails and is logged).
    const test = await call<{ ok: boolean }>('setup:testDatabase', {
      host: db.host,
      port: db.port,
      user: db.user,
      database: db.database,
      password: TYPED_PASSWORD,
    });
    expect(test.ok).toBe(false);

    // 3. Save with a replaced Dify key: the backend restarts with it.
    const view = await call<{ config: Record<string, unknown> }>('config:get');
    const saved = await call<SaveResult>('config:save', {
      config: view.config,
      secrets: { 'backend.externalApis.difyApiKey': REPLACED_DIFY_KEY },
    });
    expect(saved.ok).toBe(true);
    recordBackendExposure();

    // 4. A save that fails at the health check (wrong database password), then restore.
    const failed = await call<SaveResult>('config:save', {
      config: view.config,
      secrets: { 'backend.database.password': TYPED_PASSWORD },
    });
    expect(failed.ok).toBe(false);
    const restored = await call<LaunchState>('config:restoreBackup');
    expect(restored.screen).toBe('ready');
    await app.stop();
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    for (const f of SECRET_FIELDS) await secrets.delete(f);
  });

  it('the keychain holds the secrets (so the scans below look for values that were really used)', async () => {
    expect(await secrets.get('backend.externalApis.difyApiKey')).toBe(REPLACED_DIFY_KEY);
    expect(await secrets.get('backend.auth.jwtSecret')).toBe(SECRET_VALUES['backend.auth.jwtSecret']);
  });

  it('no secret in any sidecar command line or environment', () => {
    expect(exposure).toHaveLength(2);
    for (const text of exposure) for (const s of ALL_SECRETS) expect(text).not.toContain(s);
  });

  it('no secret in any file the app wrote: config.json, config.json.bak, logs, draft', () => {
    const files = fs.readdirSync(userDataDir, { recursive: true }) as string[];
    expect(files).toEqual(expect.arrayContaining(['config.json', 'config.json.bak']));
    expect(files.some((f) => f.endsWith('backend.log'))).toBe(true);
    const written = allFilesText(userDataDir);
    expect(written.length).toBeGreaterThan(1000); // logs were really written
    for (const s of ALL_SECRETS) expect(written).not.toContain(s);
  });

  it('no secret in any event sent to the renderer', () => {
    const sent = JSON.stringify(rec.events);
    expect(rec.events.length).toBeGreaterThan(0);
    for (const s of ALL_SECRETS) expect(sent).not.toContain(s);
  });
});
