// The model service against a scripted worker: status, throttled progress with speed, the final
// progress at the total, typed failures, cancel (confirmed, and ignored by a hung worker).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Emit, ModelProgress } from '../../../../electron/contract/ipc';
import type { TranscriberEvent } from '../../../../electron/contract/transcriber';
import {
  createModelService,
  ModelServiceError,
  type TranscriberWorker,
  type WorkerChannel,
} from '../../../../electron/main/transcriber/model-service';

class FakeChannel implements WorkerChannel {
  sent: Record<string, unknown>[] = [];
  private listeners = new Set<(e: TranscriberEvent) => void>();
  private exit!: () => void;
  readonly exited = new Promise<void>((r) => (this.exit = r));
  onSend: (m: Record<string, unknown>) => void = () => undefined;

  send(message: Record<string, unknown>): boolean {
    this.sent.push(message);
    this.onSend(message);
    return true;
  }
  onEvent(l: (e: TranscriberEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  push(e: TranscriberEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
  die(): void {
    this.exit();
  }
  lastId(op: string): string {
    return [...this.sent].reverse().find((m) => m.op === op)!.id as string;
  }
}

class FakeWorker implements TranscriberWorker {
  process: FakeChannel | null = null;
  starts = 0;
  stops = 0;
  failStart: { code: string; message: string } | null = null;
  async start() {
    this.starts += 1;
    if (this.failStart) return { ok: false as const, failure: this.failStart };
    this.process = new FakeChannel();
    return { ok: true as const };
  }
  async stop() {
    this.stops += 1;
    this.process?.die();
    this.process = null;
  }
}

function setup(extra: { cancelTimeoutMs?: number } = {}) {
  let t = 0;
  const worker = new FakeWorker();
  const progress: ModelProgress[] = [];
  const emit: Emit = (event, payload) => {
    if (event === 'model:progress') progress.push(payload as ModelProgress);
  };
  const service = createModelService({
    worker,
    emit,
    now: () => t,
    progressIntervalMs: 250,
    speedWindowMs: 5000,
    ...extra,
  });
  return { worker, service, progress, advance: (ms: number) => (t += ms) };
}

const tick = () => new Promise((r) => setImmediate(r));
const progressEvent = (id: string, file: string, downloadedBytes: number, totalBytes: number) =>
  ({ event: 'download_progress', id, file, downloadedBytes, totalBytes }) as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('model service', () => {
  it('starts idle, downloads with throttled progress and speed, and ends ready at the total', async () => {
    const { worker, service, progress, advance } = setup();
    expect(service.status()).toEqual({ state: 'idle' });
    const loaded = service.load();
    expect(service.status()).toMatchObject({ state: 'downloading', downloadedBytes: 0, totalBytes: 0 });
    await tick();
    const ch = worker.process!;
    const id = ch.lastId('load');
    expect(ch.sent).toEqual([{ id, op: 'load' }]);

    ch.push(progressEvent(id, 'config.json', 0, 1000));
    ch.push(progressEvent(id, 'model.bin', 0, 1_000_000));
    for (let i = 1; i <= 10; i += 1) {
      advance(100);
      ch.push(progressEvent(id, 'model.bin', i * 100_000, 1_000_000));
    }
    // 100 kB every 100 ms: 1 MB/s
    expect(service.status()).toMatchObject({
      state: 'downloading',
      file: 'model.bin',
      downloadedBytes: 1_000_000,
      totalBytes: 1_001_000,
      bytesPerSecond: 1_000_000,
    });
    advance(100);
    ch.push(progressEvent(id, 'config.json', 1000, 1000));
    ch.push({ event: 'model_ready', id, path: '/models/tiny' });
    await expect(loaded).resolves.toBe('/models/tiny');
    expect(service.status()).toEqual({ state: 'ready', path: '/models/tiny' });

    // throttled: far fewer events than updates, never backwards, last one at the total
    expect(progress.length).toBeLessThan(8);
    const bytes = progress.map((p) => p.downloadedBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ downloadedBytes: 1_001_000, totalBytes: 1_001_000 });
    expect(progress.some((p) => p.bytesPerSecond > 0)).toBe(true);

    // loaded once: a second load answers from the status, without asking the worker
    await expect(service.load()).resolves.toBe('/models/tiny');
    expect(ch.sent.filter((m) => m.op === 'load')).toHaveLength(1);
  });

  it('sends a skipped update later (trailing edge), so the bar does not freeze', async () => {
    vi.useFakeTimers();
    const { worker, service, progress, advance } = setup();
    void service.load().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const ch = worker.process!;
    const id = ch.lastId('load');
    ch.push(progressEvent(id, 'model.bin', 0, 1000));
    advance(50);
    ch.push(progressEvent(id, 'model.bin', 300, 1000));
    expect(progress.map((p) => p.downloadedBytes)).toEqual([0]);
    advance(200);
    await vi.advanceTimersByTimeAsync(250);
    expect(progress.map((p) => p.downloadedBytes)).toEqual([0, 300]);
  });

  it('shares one load between concurrent callers', async () => {
    const { worker, service } = setup();
    const a = service.load();
    const b = service.load();
    await tick();
    const ch = worker.process!;
    ch.push({ event: 'model_ready', id: ch.lastId('load'), path: '/m' });
    await expect(Promise.all([a, b])).resolves.toEqual(['/m', '/m']);
    expect(worker.starts).toBe(1);
    expect(ch.sent).toHaveLength(1);
  });

  it('rejects with a typed, plain-language failure and keeps it as the status', async () => {
    const { worker, service } = setup();
    const loaded = service.load();
    await tick();
    const ch = worker.process!;
    ch.push({
      event: 'error',
      id: ch.lastId('load'),
      code: 'offline_model_missing',
      message: 'Offline mode is on and Systran/faster-whisper-small is not complete in /c.',
    });
    const err = await loaded.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelServiceError);
    expect(err).toMatchObject({
      code: 'offline_model_missing',
      message: 'Offline mode is on, and the speech model is not on this computer yet.',
    });
    expect(service.status()).toMatchObject({
      state: 'failed',
      code: 'offline_model_missing',
      detail: expect.stringContaining('/c'),
    });
  });

  it('says when the server could not resume and the bytes count from 0 again', async () => {
    const { worker, service, progress, advance } = setup();
    const loaded = service.load();
    await tick();
    const ch = worker.process!;
    const id = ch.lastId('load');
    ch.push(progressEvent(id, 'model.bin', 0, 1_000_000));
    advance(300);
    ch.push(progressEvent(id, 'model.bin', 600_000, 1_000_000));
    expect(service.status()).not.toHaveProperty('restarted');
    ch.push({ event: 'download_restarted', id, file: 'model.bin', reason: 'range_ignored' });
    expect(progress.at(-1)).toMatchObject({ restarted: 'range_ignored' });
    advance(300);
    ch.push(progressEvent(id, 'model.bin', 4096, 1_000_000));
    expect(service.status()).toMatchObject({ downloadedBytes: 4096, restarted: 'range_ignored' });
    ch.push({ event: 'model_ready', id, path: '/m' });
    await expect(loaded).resolves.toBe('/m');
  });

  it('ignores events of other requests', async () => {
    const { worker, service } = setup();
    const loaded = service.load();
    await tick();
    const ch = worker.process!;
    ch.push({ event: 'error', id: 'other', code: 'busy', message: 'x' });
    ch.push({ event: 'error', id: null, code: 'invalid_request', message: 'x' });
    ch.push({ event: 'model_ready', id: ch.lastId('load'), path: '/m' });
    await expect(loaded).resolves.toBe('/m');
  });

  it('cancel asks the worker to stop the load and ends in `cancelled`', async () => {
    const { worker, service } = setup();
    const loaded = service.load().catch((e: unknown) => e);
    await tick();
    const ch = worker.process!;
    const id = ch.lastId('load');
    ch.push(progressEvent(id, 'model.bin', 10, 100));
    ch.onSend = (m) => {
      if (m.op === 'cancel')
        queueMicrotask(() => ch.push({ event: 'error', id, code: 'cancelled', message: 'cancelled' }));
    };
    await expect(service.cancel()).resolves.toEqual({ state: 'cancelled' });
    expect(ch.sent.at(-1)).toMatchObject({ op: 'cancel', target: id });
    expect(await loaded).toMatchObject({ code: 'cancelled' });
    expect(worker.stops).toBe(0);
  });

  it('stops a worker that does not confirm the cancel, and still says `cancelled`', async () => {
    const { worker, service } = setup({ cancelTimeoutMs: 20 });
    const loaded = service.load().catch((e: unknown) => e);
    await tick();
    await expect(service.cancel()).resolves.toEqual({ state: 'cancelled' });
    expect(worker.stops).toBe(1);
    expect(await loaded).toMatchObject({ code: 'cancelled' });
  });

  it('cancel with nothing running changes nothing', async () => {
    const { service, worker } = setup();
    await expect(service.cancel()).resolves.toEqual({ state: 'idle' });
    expect(worker.starts).toBe(0);
  });

  it('says so when the worker cannot start, or dies during the load', async () => {
    const { worker, service } = setup();
    worker.failStart = { code: 'spawn_failed', message: 'The transcriber could not be started (ENOENT).' };
    await expect(service.load()).rejects.toMatchObject({ code: 'worker_unavailable' });
    expect(service.status()).toMatchObject({ state: 'failed', detail: expect.stringContaining('ENOENT') });

    worker.failStart = null;
    const loaded = service.load();
    await tick();
    worker.process!.die();
    await expect(loaded).rejects.toMatchObject({ code: 'worker_exited' });
  });

  it('loads again after the worker was restarted (the model is no longer in memory)', async () => {
    const { worker, service } = setup();
    const first = service.load();
    await tick();
    worker.process!.push({ event: 'model_ready', id: worker.process!.lastId('load'), path: '/m' });
    await first;
    await worker.stop();
    await worker.start();
    const again = service.load();
    await tick();
    worker.process!.push({ event: 'model_ready', id: worker.process!.lastId('load'), path: '/m' });
    await expect(again).resolves.toBe('/m');
    expect(worker.process!.sent.filter((m) => m.op === 'load')).toHaveLength(1);
  });

  it('transcribes after loading, passing segments through', async () => {
    const { worker, service } = setup();
    const segments: string[] = [];
    const done = service.transcribe('/a.wav', { language: 'en', onSegment: (s) => segments.push(s.text) });
    await tick();
    const ch = worker.process!;
    ch.push({ event: 'model_ready', id: ch.lastId('load'), path: '/m' });
    await tick();
    const id = ch.lastId('transcribe');
    expect(ch.sent.at(-1)).toEqual({ id, op: 'transcribe', path: '/a.wav', language: 'en' });
    ch.push({ event: 'segment', id, start: 0, end: 1, text: 'Hello' });
    ch.push({ event: 'result', id, text: 'Hello', language: 'en', duration: 1 });
    await expect(done).resolves.toEqual({ text: 'Hello', language: 'en', duration: 1 });
    expect(segments).toEqual(['Hello']);
  });
});
