// "Save diagnostics…" after a full launch with distinctive secret values: the zip is unpacked and
// every file in it is scanned for every secret. The launch reads a machine-wide config.json with
// plaintext secrets (imported into the keychain) and a policy.json, and one secret is written to
// main.log on purpose, as a bug elsewhere might: the bundle must still not contain it.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_FIELDS } from '../../../electron/contract/config';
import type { DiagnosticsExportResult, IpcEnvelope } from '../../../electron/contract/ipc';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { freePort } from '../../support/free-port';
import {
  createDbUser,
  embeddedConfig,
  haveServices,
  recorder,
  SECRET_VALUES,
  tempDir,
  writeJson,
} from './helpers';

const PAGE = 'http://127.0.0.1:4173/';
const ALL_SECRETS = Object.values(SECRET_VALUES);

describe.skipIf(!haveServices())('diagnostics:export after a full launch', () => {
  const secrets = createSecretStore();
  const userDataDir = tempDir('ma-user-');
  const machineDir = tempDir('ma-machine-');
  const saveDir = tempDir('ma-diag-');
  let app: MainApp;
  let result: DiagnosticsExportResult;
  let files: Record<string, string>;

  beforeAll(async () => {
    for (const f of SECRET_FIELDS) await secrets.delete(f);
    const db = await createDbUser('ma_diag', SECRET_VALUES['backend.database.password'], 'ma_diag_db');
    writeJson(
      path.join(machineDir, 'config.json'),
      embeddedConfig(db, { port: await freePort(), withSecrets: true }),
    );
    writeJson(path.join(machineDir, 'policy.json'), {
      locked: { 'whisper.hubEndpoint': 'https://mirror.example.com' },
    });
    fs.mkdirSync(path.join(userDataDir, 'recordings', 'm1'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'recordings', 'm1', 'a.wav'), Buffer.alloc(1234));
    app = createMainApp({
      userDataDir,
      adminDir: null,
      machineDir,
      env: {},
      emit: recorder().emit,
      secretStore: secrets,
      appOrigin: { devServerUrl: PAGE },
      gate: { attempts: 40, intervalMs: 250 },
      appVersion: '9.8.7',
      buildInfo: { commit: 'abc1234', electron: '41.7.1' },
      chooseDiagnosticsPath: async (name) => path.join(saveDir, name),
    });
    expect((await app.start()).screen).toBe('ready');
    app.appLog.write(`a careless line with ${SECRET_VALUES['backend.externalApis.difyApiKey']}`);
    const env = (await app.dispatch('diagnostics:export', undefined, {
      url: PAGE,
    })) as IpcEnvelope<DiagnosticsExportResult>;
    if (!env.ok) throw new Error(env.error.message);
    result = env.value;
    await app.stop();
    if (!result.saved) throw new Error('not saved');
    files = Object.fromEntries(
      Object.entries(unzipSync(fs.readFileSync(result.path))).map(([n, b]) => [n, strFromU8(b)]),
    );
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    for (const f of SECRET_FIELDS) await secrets.delete(f);
  });

  it('writes a zip with the logs of main and the backend, config, policy, versions, launch, health and recordings', () => {
    expect(result).toMatchObject({
      saved: true,
      path: expect.stringMatching(/meeting-assistant-diagnostics-.*\.zip$/),
    });
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'logs/main.log',
        'logs/backend.log',
        'config.json',
        'policy.json',
        'versions.json',
        'launch.json',
        'health.json',
        'recordings.json',
        'README.txt',
      ]),
    );
    expect(files['logs/backend.log']!.length).toBeGreaterThan(100);
  });

  it('no secret value in any file of the bundle, even one that leaked into main.log', () => {
    expect(files['logs/main.log']).toContain('a careless line with ***');
    for (const [name, text] of Object.entries(files))
      for (const s of ALL_SECRETS) expect(text, `${name} holds a secret`).not.toContain(s);
  });

  it('config.json names which secrets are set, and holds the locked policy value', () => {
    const config = JSON.parse(files['config.json']!);
    expect(config.secretsSet).toEqual([...SECRET_FIELDS]);
    expect(config.config.whisper.hubEndpoint).toBe('https://mirror.example.com');
    expect(JSON.parse(files['policy.json']!)).toEqual({
      locked: { 'whisper.hubEndpoint': 'https://mirror.example.com' },
    });
  });

  it('versions, health, launch steps and the recordings folder size are there', () => {
    const versions = JSON.parse(files['versions.json']!);
    expect(versions).toMatchObject({
      app: '9.8.7',
      commit: 'abc1234',
      electron: '41.7.1',
      os: { platform: process.platform },
    });
    expect(versions.sidecars.backendReported).toEqual(expect.any(String));
    expect(JSON.parse(files['health.json']!)).toMatchObject({
      asked: true,
      httpStatus: 200,
      body: { status: 'ok' },
    });
    const launch = JSON.parse(files['launch.json']!);
    expect(launch.state).toMatchObject({ screen: 'ready' });
    expect(
      launch.steps.map(
        (s: { payload: { step?: string; state?: string } }) => `${s.payload.step}:${s.payload.state}`,
      ),
    ).toEqual(expect.arrayContaining(['config:active', 'spawning:done', 'ready:done']));
    expect(JSON.parse(files['recordings.json']!)).toMatchObject({ bytes: 1234, files: 1 });
  });
});
