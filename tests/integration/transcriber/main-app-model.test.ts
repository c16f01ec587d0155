// The model:* channels through createMainApp's dispatch, as the renderer calls them: the worker
// gets config.json's whisper section, progress reaches `emit`, and stop() ends the worker.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcEnvelope, ModelProgress, ModelStatus, SidecarStatus } from '../../../electron/contract/ipc';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { REPO_ROOT, startFakeHub } from './fake-hub';

const PAGE = 'http://127.0.0.1:4173/';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('model:* through createMainApp', () => {
  it('offline without a model says so; with a mirror it downloads with progress; stop ends the worker', async () => {
    const hub = await startFakeHub();
    cleanups.push(hub.stop);
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-user-'));
    cleanups.push(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
    const configFile = path.join(userDataDir, 'config.json');
    const writeConfig = (whisper: Record<string, unknown>) =>
      fs.writeFileSync(
        configFile,
        JSON.stringify({
          version: 1,
          // Server mode with nothing listening: the launch fails, the config is still the one in use.
          apiBaseUrl: 'http://127.0.0.1:9/api',
          backend: { embedded: false },
          whisper: { model: 'tiny.en', downloadRoot: path.join(userDataDir, 'models'), ...whisper },
        }),
      );
    writeConfig({ offline: true });

    const progress: ModelProgress[] = [];
    const transcriberStates: string[] = [];
    const app: MainApp = createMainApp({
      userDataDir,
      adminDir: null,
      env: {},
      emit: (event, payload) => {
        if (event === 'model:progress') progress.push(payload as ModelProgress);
        const st = payload as SidecarStatus;
        if (event === 'sidecar:status' && st.sidecar === 'transcriber') transcriberStates.push(st.state);
      },
      repoRoot: REPO_ROOT,
      appOrigin: { devServerUrl: PAGE },
      gate: { attempts: 1, intervalMs: 10 },
    });
    cleanups.push(() => app.stop());
    const call = async (channel: string): Promise<ModelStatus> => {
      const env = (await app.dispatch(channel, undefined, { url: PAGE })) as IpcEnvelope<ModelStatus>;
      if (!env.ok) throw new Error(`${channel}: ${env.error.code}: ${env.error.message}`);
      return env.value;
    };
    expect((await app.start()).screen).toBe('failed');

    expect(await call('model:getStatus')).toEqual({ state: 'idle' });
    expect(await call('model:load')).toMatchObject({
      state: 'failed',
      code: 'offline_model_missing',
      message: 'Offline mode is on, and the speech model is not on this computer yet.',
    });

    writeConfig({ offline: false, hubEndpoint: hub.endpoint });
    await call('app:retryLaunch');
    const ready = await call('model:load');
    expect(ready).toMatchObject({ state: 'ready', path: expect.stringContaining(userDataDir) });
    expect(progress.at(-1)).toMatchObject({ downloadedBytes: hub.totalBytes, totalBytes: hub.totalBytes });
    expect(await call('model:getStatus')).toEqual(ready);
    expect(await call('model:cancel')).toEqual(ready);

    // started for the first load, restarted with the new settings for the second, stopped with the app
    expect(transcriberStates).toEqual(['starting', 'running', 'stopped', 'starting', 'running']);
    await app.stop();
    expect(transcriberStates.at(-1)).toBe('stopped');
  });
});
