// "dify" bench: runs tests/bench/dify_backend.py (a real backend sidecar in normal mode, the fake
// Dify streaming at a fixed pace in the bench process) and prints medians of the backend's
// pass-through overhead (Dify's first text event → the client's first `progress`, Dify's last
// event → `result`) beside the same stream read straight from the fake, and the latency speech-
// to-text adds per chunk against posting it straight to the fake. Asserts nothing about time.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = join(
  ROOT,
  process.platform === 'win32' ? 'sidecars/.venv/Scripts/python.exe' : 'sidecars/.venv/bin/python',
);

type Report = {
  runs: number;
  paceMs: number;
  chunkChars: number;
  passThrough: {
    firstProgressMs: number;
    resultMs: number;
    directFirstTextMs: number;
    directLastEventMs: number;
    fakeStreamMs: number;
  };
  speechToText: { sizeMb: number; backendMs: number; directMs: number }[];
};

function runScript(): Promise<Report> {
  return new Promise((res, reject) => {
    const proc = spawn(PYTHON, [join(ROOT, 'tests/bench/dify_backend.py')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.once('exit', (code) => {
      if (code !== 0) reject(new Error(`dify_backend.py exited with ${code}: ${err.slice(-2000)}`));
      else res(JSON.parse(out.trim().split('\n').pop()!) as Report);
    });
  });
}

export async function runDifyBench(): Promise<void> {
  if (!existsSync(PYTHON)) throw new Error('sidecars/.venv is missing: run npm run setup:python');
  if (!process.env.MA_TEST_DB_SOCKET)
    throw new Error('needs MA_TEST_DB_* from tests/harness/with-services.sh');
  const r = await runScript();
  const p = r.passThrough;
  console.log(
    `${r.runs} summaries; the fake sends an event every ${r.paceMs} ms (${r.chunkChars} characters each), ` +
      `${p.fakeStreamMs.toFixed(0)} ms from its first text to its last event (median)`,
  );
  console.table([
    {
      step: "Dify's first text → first progress",
      'through backend (ms)': p.firstProgressMs.toFixed(2),
      'straight from fake (ms)': p.directFirstTextMs.toFixed(2),
      'added (ms)': (p.firstProgressMs - p.directFirstTextMs).toFixed(2),
    },
    {
      step: "Dify's last event → result",
      'through backend (ms)': p.resultMs.toFixed(2),
      'straight from fake (ms)': p.directLastEventMs.toFixed(2),
      'added (ms)': (p.resultMs - p.directLastEventMs).toFixed(2),
    },
  ]);
  console.log(`speech-to-text: one chunk, ${r.runs} posts each (medians)`);
  console.table(
    r.speechToText.map((s) => ({
      chunk: `${s.sizeMb} MB`,
      'through backend (ms)': s.backendMs.toFixed(1),
      'straight to fake (ms)': s.directMs.toFixed(1),
      'added (ms)': (s.backendMs - s.directMs).toFixed(1),
    })),
  );
}
