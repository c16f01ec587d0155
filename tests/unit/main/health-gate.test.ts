import { describe, expect, it } from 'vitest';
import type { LaunchProgress } from '../../../electron/contract/ipc';
import { runHealthGate, type FetchFn } from '../../../electron/main/health-gate';

const ok = () =>
  new Response(JSON.stringify({ status: 'ok', mode: 'normal', database: 'ok' }), { status: 200 });
const notYet = () => new Response('starting', { status: 500 });
const degraded = () =>
  new Response(
    JSON.stringify({
      status: 'degraded',
      database: 'error',
      code: 'access_denied',
      message: 'Access denied for user',
    }),
    { status: 503 },
  );
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fetch answering from a script, each answer after `latencyMs`. */
function scripted(answers: (() => Response)[], latencyMs = 0): { fetch: FetchFn; calls: number[] } {
  const calls: number[] = [];
  let i = 0;
  return {
    calls,
    fetch: async () => {
      calls.push(performance.now());
      await delay(latencyMs);
      return (answers[Math.min(i++, answers.length - 1)] ?? ok)();
    },
  };
}

describe('runHealthGate', () => {
  it('resolves on the first ok without waiting for a tick', async () => {
    const s = scripted([ok]);
    const sleeps: number[] = [];
    const r = await runHealthGate(
      'http://x/api/health',
      { attempts: 30, intervalMs: 1000 },
      { fetch: s.fetch, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(r.ok).toBe(true);
    // Resolved by the answer itself: one request, and no wait for the next tick.
    expect(s.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('waits only what is left of the interval after a slow failed attempt', async () => {
    const s = scripted([notYet, notYet, ok], 250);
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      await delay(Math.max(0, ms));
    };
    const r = await runHealthGate(
      'http://x/api/health',
      { attempts: 10, intervalMs: 400 },
      { fetch: s.fetch, sleep },
    );
    expect(r).toMatchObject({ ok: true, attempts: 3 });
    // Each failed attempt took >= 250 ms of the 400 ms interval, so at most 150 ms is left to wait;
    // no sleep at all after the ok.
    expect(sleeps).toHaveLength(2);
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(150);
    // Attempts start one interval apart (not interval + latency).
    expect(s.calls[2]! - s.calls[0]!).toBeLessThan(2 * 400 + 150);
  });

  it('reports attempt n of N and times out clearly', async () => {
    const progress: LaunchProgress[] = [];
    const s = scripted([notYet]);
    const r = await runHealthGate(
      'http://x/api/health',
      { attempts: 3, intervalMs: 20 },
      { fetch: s.fetch, onProgress: (p) => progress.push(p) },
    );
    expect(r).toMatchObject({ ok: false, failure: { code: 'health_timeout' } });
    if (!r.ok) expect(r.failure.message).toContain('HTTP 500');
    expect(progress.filter((p) => p.state === 'active').map((p) => `${p.attempt}/${p.attempts}`)).toEqual([
      '1/3',
      '2/3',
      '3/3',
    ]);
    expect(progress.at(-1)).toMatchObject({ step: 'waiting', state: 'failed' });
  });

  it('fails with the backend reason when the database stays down', async () => {
    const progress: LaunchProgress[] = [];
    const s = scripted([degraded]);
    const r = await runHealthGate(
      'http://x/api/health',
      { attempts: 30, intervalMs: 10, degradedAttempts: 2 },
      { fetch: s.fetch, onProgress: (p) => progress.push(p) },
    );
    expect(r).toMatchObject({
      ok: false,
      attempts: 2,
      failure: { code: 'access_denied', message: 'Access denied for user' },
    });
    expect(progress.at(-1)).toMatchObject({ step: 'database', state: 'failed' });
  });

  it('ends at once when the process exits, with exit code and stderr tail', async () => {
    let exit!: (e: { code: number | null; signal: null }) => void;
    const exited = new Promise<{ code: number | null; signal: null }>((r) => (exit = r));
    const s = scripted([notYet], 5000);
    setTimeout(() => exit({ code: 3, signal: null }), 100);
    let aborted = false;
    const r = await runHealthGate(
      'http://x/api/health',
      { attempts: 30, intervalMs: 1000 },
      {
        fetch: (url, init) =>
          Promise.race([
            s.fetch(url, init),
            new Promise<Response>((_, rej) =>
              init?.signal?.addEventListener('abort', () => {
                aborted = true;
                rej(new Error('aborted'));
              }),
            ),
          ]),
        process: { exited, stderrTail: () => ['Traceback', 'boom'] },
      },
    );
    // The in-flight probe (which would take 5 s) was abandoned: the exit ended the gate.
    expect(aborted).toBe(true);
    expect(s.calls).toHaveLength(1);
    expect(r).toMatchObject({
      ok: false,
      failure: { code: 'sidecar_exited', exitCode: 3, stderrTail: ['Traceback', 'boom'] },
    });
  });

  it('says when something that is not our backend answers', async () => {
    const s = scripted([() => new Response('<html>', { status: 200 })]);
    const r = await runHealthGate('http://x/api/health', { attempts: 2, intervalMs: 10 }, { fetch: s.fetch });
    expect(r).toMatchObject({ ok: false, failure: { code: 'not_meeting_backend' } });
  });
});
