// The speech model, as main offers it to the renderer: load (find or download, then open) with
// byte progress and speed as `model:progress`, cancel, and the current status. The transcriber
// worker runs under the generic supervisor (transcriberSpec); this service only speaks its
// request protocol. Plain TypeScript: the worker, emit and clock come in as arguments.
import type { Emit } from '../../contract/ipc';
import type { ModelFailure, ModelStatus } from '../../contract/model';
import type {
  DownloadProgressEvent,
  ModelReadyEvent,
  SegmentEvent,
  TranscriberEvent,
  TranscriptionResultEvent,
} from '../../contract/transcriber';
import { DownloadTally } from './download-tally';
import { modelFailure } from './model-messages';
import { SpeedMeter } from './speed-meter';

/** What the service needs of one worker run (a SidecarProcess fits). */
export interface WorkerChannel {
  send(message: Record<string, unknown>): boolean;
  onEvent(listener: (e: TranscriberEvent) => void): () => void;
  readonly exited: Promise<unknown>;
}

/** What the service needs of the supervisor (Supervisor<TranscriberEvent, ...> fits). */
export interface TranscriberWorker {
  readonly process: WorkerChannel | null;
  start(): Promise<{ ok: true } | { ok: false; failure: { code: string; message: string } }>;
  stop(): Promise<void>;
}

export interface ModelServiceOptions {
  worker: TranscriberWorker;
  /** `model:progress` goes out through this. */
  emit: Emit;
  /** Milliseconds (default performance.now); drives the speed window and the throttle. */
  now?: () => number;
  /** At most one `model:progress` per this many ms, plus the first and the last (default 250). */
  progressIntervalMs?: number;
  /** The speed is averaged over this window (default 5000). */
  speedWindowMs?: number;
  /** How long cancel waits for the worker to confirm before stopping it (default 5000). */
  cancelTimeoutMs?: number;
  log?: (line: string) => void;
}

/** How load() and transcribe() reject: one failure with a plain sentence. */
export class ModelServiceError extends Error {
  readonly code: string;
  constructor(readonly failure: ModelFailure) {
    super(failure.message);
    this.name = 'ModelServiceError';
    this.code = failure.code;
  }
}

export type TranscriptionResult = Omit<TranscriptionResultEvent, 'event' | 'id'>;

export interface TranscribeOptions {
  language?: string;
  onSegment?: (segment: Omit<SegmentEvent, 'event' | 'id'>) => void;
}

export interface ModelService {
  /** Resolves with the model's folder once it is on disk and loaded; concurrent calls share one load. */
  load(): Promise<string>;
  /** Stops a running load; resolves with the status after it (usually `cancelled`). */
  cancel(): Promise<ModelStatus>;
  status(): ModelStatus;
  /** Loads the model if needed (with progress), then transcribes the audio file. */
  transcribe(path: string, opts?: TranscribeOptions): Promise<TranscriptionResult>;
  /** Cancels what runs and stops the worker. */
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

function asFailure(err: unknown): ModelFailure {
  if (err instanceof ModelServiceError) return err.failure;
  return modelFailure('internal_error', err instanceof Error ? err.message : String(err));
}

export function createModelService(opts: ModelServiceOptions): ModelService {
  const now = opts.now ?? (() => performance.now());
  const interval = opts.progressIntervalMs ?? 250;
  const log = opts.log ?? (() => undefined);
  const meter = new SpeedMeter({ windowMs: opts.speedWindowMs ?? 5000, now });
  let tally = new DownloadTally();
  let settled: ModelStatus = { state: 'idle' };
  let loading: Promise<string> | null = null;
  let loadId: string | null = null;
  let readyOn: WorkerChannel | null = null;
  let cancelRequested = false;
  let starting: ReturnType<TranscriberWorker['start']> | null = null;
  let seq = 0;
  // Throttle of `model:progress`: the time of the last emit, and a trailing emit when one was skipped.
  let lastEmit: number | null = null;
  let restarted: 'range_ignored' | undefined;
  let pending = false;
  let trailing: ReturnType<typeof setTimeout> | null = null;

  function status(): ModelStatus {
    if (!loading) return settled;
    return {
      state: 'downloading',
      file: tally.file,
      downloadedBytes: tally.downloadedBytes,
      totalBytes: tally.totalBytes,
      bytesPerSecond: Math.round(meter.bytesPerSecond()),
      ...(restarted ? { restarted } : {}),
    };
  }

  function emitProgress(): void {
    if (trailing) clearTimeout(trailing);
    trailing = null;
    pending = false;
    lastEmit = now();
    const s = status();
    if (s.state !== 'downloading') return;
    const { file, downloadedBytes, totalBytes, bytesPerSecond } = s;
    opts.emit('model:progress', {
      file,
      downloadedBytes,
      totalBytes,
      bytesPerSecond,
      ...(s.restarted ? { restarted: s.restarted } : {}),
    });
  }

  function onProgress(e: DownloadProgressEvent): void {
    meter.record(tally.update(e.file, e.downloadedBytes, e.totalBytes).moved);
    const due = lastEmit === null || now() - lastEmit >= interval || tally.complete;
    if (due) return emitProgress();
    pending = true;
    trailing ??= setTimeout(emitProgress, Math.max(0, interval - (now() - lastEmit!)));
    trailing.unref?.();
  }

  async function ensureWorker(): Promise<WorkerChannel> {
    const current = opts.worker.process;
    if (current) return current;
    starting ??= opts.worker.start().finally(() => (starting = null));
    const outcome = await starting;
    if (!outcome.ok)
      throw new ModelServiceError(
        modelFailure('worker_unavailable', `${outcome.failure.code}: ${outcome.failure.message}`),
      );
    const proc = opts.worker.process;
    if (!proc) throw new ModelServiceError(modelFailure('worker_exited'));
    return proc;
  }

  /** Sends one request; `done` settles with its final event (error -> ModelServiceError). */
  function request<F extends ModelReadyEvent | TranscriptionResultEvent>(
    proc: WorkerChannel,
    message: Record<string, unknown>,
    onEvent: (e: TranscriberEvent) => void,
  ): { id: string; done: Promise<F> } {
    const id = `m${++seq}`;
    const done = new Promise<F>((resolve, reject) => {
      let finished = false;
      const finish = (end: () => void) => {
        if (finished) return;
        finished = true;
        off();
        end();
      };
      const off = proc.onEvent((e) => {
        if (!('id' in e) || e.id !== id) return;
        if (e.event === 'error') finish(() => reject(new ModelServiceError(modelFailure(e.code, e.message))));
        else if (e.event === 'model_ready' || e.event === 'result') finish(() => resolve(e as F));
        else onEvent(e);
      });
      void proc.exited.then(() => finish(() => reject(new ModelServiceError(modelFailure('worker_exited')))));
      if (!proc.send({ id, ...message }))
        finish(() => reject(new ModelServiceError(modelFailure('worker_exited'))));
    });
    return { id, done };
  }

  async function runLoad(): Promise<string> {
    tally = new DownloadTally();
    meter.reset();
    lastEmit = null;
    restarted = undefined;
    pending = false;
    cancelRequested = false;
    try {
      const proc = await ensureWorker();
      if (cancelRequested) throw new ModelServiceError(modelFailure('cancelled'));
      const { id, done } = request<ModelReadyEvent>(proc, { op: 'load' }, (e) => {
        if (e.event === 'download_progress') onProgress(e);
        else if (e.event === 'download_restarted') {
          restarted = e.reason;
          log(`[model] ${e.file}: the server ignored Range; the download starts over (${e.reason})`);
          emitProgress();
        }
      });
      loadId = id;
      const ready = await done;
      if (pending) emitProgress(); // the last bytes, so the bar ends at the total
      settled = { state: 'ready', path: ready.path };
      readyOn = proc;
      return ready.path;
    } catch (err) {
      // After a cancel, whatever ended the load (the worker's `cancelled`, or stopping it) is a cancel.
      const failure = cancelRequested ? modelFailure('cancelled') : asFailure(err);
      settled = failure.code === 'cancelled' ? { state: 'cancelled' } : { state: 'failed', ...failure };
      log(`[model] load ended: ${failure.code}${failure.detail ? ` (${failure.detail})` : ''}`);
      throw new ModelServiceError(failure);
    } finally {
      if (trailing) clearTimeout(trailing);
      trailing = null;
      loadId = null;
    }
  }

  function load(): Promise<string> {
    if (loading) return loading;
    if (settled.state === 'ready' && readyOn && readyOn === opts.worker.process)
      return Promise.resolve(settled.path);
    // The status flips to `downloading` at once, before the worker is even running.
    loading = runLoad().finally(() => (loading = null));
    return loading;
  }

  async function cancel(): Promise<ModelStatus> {
    const running = loading;
    if (!running) return status();
    cancelRequested = true;
    const proc = opts.worker.process;
    if (loadId && proc) proc.send({ id: `m${++seq}`, op: 'cancel', target: loadId });
    const ended = running.then(
      () => true,
      () => true,
    );
    if (!(await Promise.race([ended, delay(opts.cancelTimeoutMs ?? 5000).then(() => false)]))) {
      log('[model] the worker did not confirm the cancel in time: stopping it');
      await opts.worker.stop();
      await ended;
    }
    return status();
  }

  async function transcribe(path: string, o: TranscribeOptions = {}): Promise<TranscriptionResult> {
    await load();
    const proc = await ensureWorker();
    const message = { op: 'transcribe', path, ...(o.language ? { language: o.language } : {}) };
    const { done } = request<TranscriptionResultEvent>(proc, message, (e) => {
      if (e.event === 'segment') o.onSegment?.({ start: e.start, end: e.end, text: e.text });
    });
    const { event: _event, id: _id, ...result } = await done;
    return result;
  }

  async function stop(): Promise<void> {
    if (loading) await cancel();
    await opts.worker.stop();
  }

  return { load, cancel, status, transcribe, stop };
}
