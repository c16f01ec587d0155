// A half-updated installation: the real backend reports its version in `listening`; an app that
// expects another version refuses it (the launch fails with a message, no backend keeps running).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchState } from '../../../electron/contract/ipc';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { createSecretStore } from '../../../electron/main/secrets';
import { freePort } from '../../support/free-port';
import { createDbUser, embeddedConfig, haveServices, isAlive, recorder, tempDir, writeJson } from './helpers';

describe.skipIf(!haveServices())('sidecar version check with the real backend', () => {
  let app: MainApp | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it('a backend of another version than the app is stopped and the launch says why', async () => {
    const db = await createDbUser('ma_ver', 'ver-pw-1', 'ma_ver_db');
    const file = path.join(tempDir('ma-env-'), 'config.json');
    writeJson(
      file,
      embeddedConfig({ ...db, password: 'ver-pw-1' }, { port: await freePort(), withSecrets: true }),
    );
    app = createMainApp({
      userDataDir: tempDir('ma-user-'),
      adminDir: null,
      env: { MEETING_ASSISTANT_CONFIG: file },
      emit: recorder().emit,
      secretStore: createSecretStore(),
      appOrigin: { devServerUrl: 'http://127.0.0.1:4173/' },
      gate: { attempts: 40, intervalMs: 250 },
      expectedSidecarVersion: '99.0.0',
    });
    const state: LaunchState = await app.start();
    expect(state).toMatchObject({
      screen: 'failed',
      failure: {
        code: 'sidecar_version_mismatch',
        message: expect.stringMatching(
          /^The backend program in this installation is version \d+\.\d+\.\d+, but the app is version 99\.0\.0/,
        ),
      },
    });
    const pid = app.controller.backendSupervisor.process?.pid;
    expect(pid === undefined || !isAlive(pid)).toBe(true);
  }, 90_000);
});
