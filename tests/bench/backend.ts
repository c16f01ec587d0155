// Backend sidecar bench: spawn -> `listening` -> first 200 from /api/health, for the dev module and
// the PyInstaller build, against the floor `python -c "import fastapi, uvicorn, pymysql"` measured
// in the same run; and test-database latency for connection_refused and access_denied against the
// harness's MariaDB. Prints medians and ratios; asserts nothing about time.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BackendEventSchema } from '../../electron/contract/sidecar';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');
const WINDOWS = process.platform === 'win32';
const PYTHON = join(ROOT, WINDOWS ? 'sidecars/.venv/Scripts/python.exe' : 'sidecars/.venv/bin/python');
const BUILT = join(ROOT, `sidecars/dist/meeting-backend/meeting-backend${WINDOWS ? '.exe' : ''}`);
const RUNS = 5;
const REQUESTS = 9;
const TOKEN = randomBytes(24).toString('hex');
const BENCH_USER = 'ma_bench';
const BENCH_PASSWORD = `bench-${randomBytes(6).toString('hex')}`;

const ms = (x: number): string => `${x.toFixed(0)} ms`;

type Started = { proc: ChildProcessWithoutNullStreams; port: number; listeningMs: number; healthMs: number };

/** Spawns the backend and times `listening` and the first 200 from /api/health. */
async function startBackend(command: string, args: string[]): Promise<Started> {
  const t0 = performance.now();
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stderr.resume();
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) => reject(new Error(`backend exited with code ${code} before listening`))),
  );
  const listening = new Promise<number>((res, reject) => {
    createInterface({ input: proc.stdout }).once('line', (line) => {
      const event = BackendEventSchema.parse(JSON.parse(line));
      if (event.event === 'listening') res(event.port);
      else reject(new Error(`backend said ${line}`));
    });
  });
  proc.stdin.write(JSON.stringify({ host: '127.0.0.1', port: 0, launchToken: TOKEN }) + '\n');
  const port = await Promise.race([listening, exited]);
  const listeningMs = performance.now() - t0;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
    if (response?.status === 200) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { proc, port, listeningMs, healthMs: performance.now() - t0 };
}

async function stop(proc: ChildProcessWithoutNullStreams): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((res) => proc.once('exit', res));
  proc.stdin.end();
  await exited;
}

async function timeProcess(command: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const proc = spawn(command, args, { stdio: 'ignore' });
  const code = await new Promise<number | null>((res) => proc.once('exit', res));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
  return performance.now() - t0;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const address = server.address();
  await new Promise((res) => server.close(res));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function createBenchUser(socket: string): void {
  const sql = ['127.0.0.1', 'localhost']
    .map(
      (host) =>
        `DROP USER IF EXISTS '${BENCH_USER}'@'${host}'; ` +
        `CREATE USER '${BENCH_USER}'@'${host}' IDENTIFIED BY '${BENCH_PASSWORD}';`,
    )
    .join(' ');
  const out = spawnSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', sql], {
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`creating the bench user failed: ${out.stderr}`);
}

async function databaseLatency(
  port: number,
  body: Record<string, unknown>,
  code: string | undefined,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const t0 = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/setup/test-database`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-launch-token': TOKEN },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as { ok: boolean; code?: string };
    times.push(performance.now() - t0);
    if (result.code !== code) throw new Error(`expected ${code}, got ${JSON.stringify(result)}`);
  }
  return times;
}

export async function runBackendBench(): Promise<void> {
  if (!existsSync(PYTHON)) throw new Error('sidecars/.venv is missing: run npm run setup:python');
  const floor: number[] = [];
  const variants: Array<{ name: string; command: string; args: string[] }> = [
    { name: 'dev module (python -m meeting_backend)', command: PYTHON, args: ['-m', 'meeting_backend'] },
  ];
  if (existsSync(BUILT)) variants.push({ name: 'PyInstaller build', command: BUILT, args: [] });
  const results = new Map<string, { listening: number[]; health: number[] }>();
  for (const v of variants) results.set(v.name, { listening: [], health: [] });

  // Interleaved, so that machine noise hits every variant alike.
  for (let run = 0; run < RUNS; run += 1) {
    floor.push(await timeProcess(PYTHON, ['-c', 'import fastapi, uvicorn, pymysql']));
    for (const v of variants) {
      const started = await startBackend(v.command, v.args);
      await stop(started.proc);
      results.get(v.name)!.listening.push(started.listeningMs);
      results.get(v.name)!.health.push(started.healthMs);
    }
  }
  const base = median(floor);
  console.log(`Startup, median of ${RUNS} runs (floor = python -c "import fastapi, uvicorn, pymysql")`);
  console.table([
    {
      what: 'floor: import fastapi, uvicorn, pymysql',
      'spawn→listening': '',
      'spawn→health 200': ms(base),
      'x floor': '1.00',
    },
    ...variants.map((v) => {
      const r = results.get(v.name)!;
      const health = median(r.health);
      return {
        what: v.name,
        'spawn→listening': ms(median(r.listening)),
        'spawn→health 200': ms(health),
        'x floor': (health / base).toFixed(2),
      };
    }),
  ]);
  if (!existsSync(BUILT)) console.log('(PyInstaller build absent: run npm run build:sidecars to include it)');

  const socket = process.env.MA_TEST_DB_SOCKET;
  const dbPort = Number(process.env.MA_TEST_DB_PORT);
  if (!socket || !dbPort) {
    console.log('test-database latency: skipped (needs MA_TEST_DB_* from tests/harness/with-services.sh)');
    return;
  }
  createBenchUser(socket);
  const backend = await startBackend(PYTHON, ['-m', 'meeting_backend']);
  try {
    const target = { host: '127.0.0.1', port: dbPort, user: BENCH_USER, database: '' };
    const ok = await databaseLatency(backend.port, { ...target, password: BENCH_PASSWORD }, undefined);
    const refused = await databaseLatency(
      backend.port,
      { ...target, port: await closedPort(), password: BENCH_PASSWORD },
      'connection_refused',
    );
    const denied = await databaseLatency(backend.port, { ...target, password: 'wrong' }, 'access_denied');
    const okMedian = median(ok);
    console.log(
      `POST /api/setup/test-database, median of ${REQUESTS} requests (baseline = a successful sign-in)`,
    );
    console.table([
      { result: 'ok (baseline)', latency: ms(okMedian), 'x ok': '1.00' },
      {
        result: 'connection_refused',
        latency: ms(median(refused)),
        'x ok': (median(refused) / okMedian).toFixed(2),
      },
      {
        result: 'access_denied',
        latency: ms(median(denied)),
        'x ok': (median(denied) / okMedian).toFixed(2),
      },
    ]);
  } finally {
    await stop(backend.proc);
  }
}
