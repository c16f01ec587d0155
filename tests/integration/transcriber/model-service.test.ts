// The model service with the real transcriber worker (dev venv) under the real supervisor,
// downloading Whisper tiny.en from a local fake Hugging Face hub (a Python subprocess).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emit, ModelProgress } from '../../../electron/contract/ipc';
import type { TranscriberSettings } from '../../../electron/contract/transcriber';
import { resolveSidecarCommand } from '../../../electron/main/sidecar/command';
import { Supervisor } from '../../../electron/main/sidecar/supervisor';
import { transcriberSpec } from '../../../electron/main/sidecar/transcriber-spec';
import { createTranscriber } from '../../../electron/main/transcriber/create-transcriber';
import { createModelService, type ModelService } from '../../../electron/main/transcriber/model-service';
import { REPO_ROOT, startFakeHub, type FakeHub } from './fake-hub';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-model-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startHub(bytesPerSecond?: number): Promise<FakeHub> {
  const hub = await startFakeHub(bytesPerSecond);
  cleanups.push(hub.stop);
  return hub;
}

function startService(settings: Partial<TranscriberSettings>): {
  service: ModelService;
  progress: ModelProgress[];
} {
  const home = tempDir();
  const progress: ModelProgress[] = [];
  const emit: Emit = (event, payload) => {
    if (event === 'model:progress') progress.push(payload as ModelProgress);
  };
  const dev = resolveSidecarCommand({ name: 'transcriber', packaged: false, repoRoot: REPO_ROOT });
  const supervisor = new Supervisor(
    transcriberSpec({
      command: () => ({
        ...dev,
        env: {
          ...dev.env,
          HF_HOME: path.join(home, 'hf-home'),
          HF_ENDPOINT: 'http://127.0.0.1:9', // the worker must use whisper.hubEndpoint, not this
          HF_HUB_DISABLE_TELEMETRY: '1',
          NO_PROXY: '127.0.0.1,localhost',
        },
      }),
      settings: async () =>
        ({
          model: 'tiny.en',
          device: 'cpu',
          computeType: 'int8',
          language: 'auto',
          downloadRoot: path.join(home, 'models'),
          hubEndpoint: '',
          offline: false,
          ...settings,
        }) as TranscriberSettings,
    }),
    { emit, logsDir: path.join(home, 'logs'), readyTimeoutMs: 60_000 },
  );
  const service = createModelService({ worker: supervisor, emit });
  cleanups.push(() => service.stop());
  return { service, progress };
}

describe('model service with the real worker', () => {
  it('downloads with monotonic progress that ends at the total, then is ready', async () => {
    const rate = 40_000_000;
    const hub = await startHub(rate);
    const { service, progress } = startService({ hubEndpoint: hub.endpoint });
    const total = hub.totalBytes;

    const modelPath = await service.load();
    expect(fs.existsSync(path.join(modelPath, 'model.bin'))).toBe(true);
    expect(service.status()).toEqual({ state: 'ready', path: modelPath });

    expect(progress.length).toBeGreaterThan(2);
    const bytes = progress.map((p) => p.downloadedBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ downloadedBytes: total, totalBytes: total });
    for (const p of progress) expect(p.downloadedBytes).toBeLessThanOrEqual(p.totalBytes);
    // a real speed, and never more than the server lets through
    const speeds = progress.map((p) => p.bytesPerSecond);
    expect(Math.max(...speeds)).toBeGreaterThan(0);
    expect(Math.max(...speeds)).toBeLessThan(rate * 2);
    // throttled: about four per second, not one per 64 KiB chunk
    expect(progress.length).toBeLessThan(total / (64 * 1024) / 4);
  });

  it('cancel stops a running download and the status says `cancelled`', async () => {
    const hub = await startHub(2_000_000);
    const { service, progress } = startService({ hubEndpoint: hub.endpoint });
    const loaded = service.load().catch((e: unknown) => e);
    const deadline = Date.now() + 30_000;
    while (!progress.some((p) => p.file === 'model.bin' && p.downloadedBytes > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(service.status()).toMatchObject({ state: 'downloading' });

    const started = Date.now();
    await expect(service.cancel()).resolves.toEqual({ state: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await loaded).toMatchObject({
      code: 'cancelled',
      message: 'The speech model download was cancelled.',
    });
    expect(service.status()).toEqual({ state: 'cancelled' });
  });

  it('offline without a model fails with the offline_model_missing sentence', async () => {
    const { service, progress } = startService({ offline: true });
    const err = await service.load().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'offline_model_missing',
      message: 'Offline mode is on, and the speech model is not on this computer yet.',
    });
    expect(service.status()).toMatchObject({
      state: 'failed',
      code: 'offline_model_missing',
      message: 'Offline mode is on, and the speech model is not on this computer yet.',
      hint: expect.stringContaining('offline mode off'),
      detail: expect.stringContaining('tiny.en'),
    });
    expect(progress).toEqual([]);
  });

  it('model:* handlers: a load after the whisper settings changed restarts the worker with them', async () => {
    const hub = await startHub();
    const home = tempDir();
    const dev = resolveSidecarCommand({ name: 'transcriber', packaged: false, repoRoot: REPO_ROOT });
    let whisper: Record<string, unknown> = {
      model: 'tiny.en',
      downloadRoot: path.join(home, 'models'),
      offline: true,
    };
    const t = createTranscriber({
      command: () => ({ ...dev, env: { ...dev.env, HF_HOME: path.join(home, 'hf'), NO_PROXY: '127.0.0.1' } }),
      whisper: async () => whisper,
      emit: () => undefined,
      logsDir: path.join(home, 'logs'),
      readyTimeoutMs: 60_000,
    });
    cleanups.push(() => t.stop());

    expect(await t.handlers['model:getStatus']()).toEqual({ state: 'idle' });
    expect(await t.handlers['model:load']()).toMatchObject({
      state: 'failed',
      code: 'offline_model_missing',
    });
    const firstPid = t.supervisor.process?.pid;

    whisper = { ...whisper, offline: false, hubEndpoint: hub.endpoint };
    const ready = await t.handlers['model:load']();
    expect(ready).toMatchObject({ state: 'ready', path: expect.stringContaining(home) });
    expect(t.supervisor.process?.pid).not.toBe(firstPid);
    expect(await t.handlers['model:cancel']()).toEqual(ready);
  });
});
