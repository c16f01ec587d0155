// "meetings backend" bench: runs tests/bench/meetings_backend.py (a real backend sidecar in normal
// mode, 10,000 seeded meetings, an asyncio httpx load loop on loopback) and prints p50/p95 per
// route at 1, 10 and 50 concurrent clients, with each p95 as a ratio to GET /api/health at the
// same concurrency, measured in the same run. Asserts nothing about time.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = join(
  ROOT,
  process.platform === 'win32' ? 'sidecars/.venv/Scripts/python.exe' : 'sidecars/.venv/bin/python',
);

type Row = { route: string; concurrency: number; requests: number; p50: number; p95: number };
type Report = { seeded: number; seedSeconds: number; results: Row[] };

function runScript(): Promise<Report> {
  return new Promise((res, reject) => {
    const proc = spawn(PYTHON, [join(ROOT, 'tests/bench/meetings_backend.py')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.once('exit', (code) => {
      if (code !== 0) reject(new Error(`meetings_backend.py exited with ${code}: ${err.slice(-2000)}`));
      else res(JSON.parse(out.trim().split('\n').pop()!) as Report);
    });
  });
}

export async function runMeetingsBench(): Promise<void> {
  if (!existsSync(PYTHON)) throw new Error('sidecars/.venv is missing: run npm run setup:python');
  if (!process.env.MA_TEST_DB_SOCKET)
    throw new Error('needs MA_TEST_DB_* from tests/harness/with-services.sh');
  const report = await runScript();
  console.log(
    `${report.seeded} meetings seeded (5 action items each) in ${report.seedSeconds.toFixed(1)} s; ` +
      'latency per request in ms; ratio = p95 / p95 of /api/health at the same concurrency',
  );
  const baseline = new Map(
    report.results.filter((r) => r.route.startsWith('GET /api/health')).map((r) => [r.concurrency, r.p95]),
  );
  console.table(
    report.results.map((r) => ({
      route: r.route,
      clients: r.concurrency,
      requests: r.requests,
      p50: r.p50.toFixed(1),
      p95: r.p95.toFixed(1),
      'p95 x health': (r.p95 / baseline.get(r.concurrency)!).toFixed(2),
    })),
  );
}
