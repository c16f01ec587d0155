// The health gate: after the backend says `listening` (or, in server mode, straight away), poll
// GET <apiBase>/health until it answers ok. An ok answer ends the gate at once; a failed attempt
// waits only what is left of its interval, so the gate never sleeps past a healthy backend.
// A sidecar that exits during the gate ends it immediately with its exit code and stderr tail.
import type { LaunchFailure, LaunchProgress } from '../contract/ipc';
import { HealthSchema, type Health } from '../contract/sidecar';

export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

export interface GateOptions {
  attempts: number;
  intervalMs: number;
  /** Bound for one request; defaults to the interval, at least 1 s. */
  requestTimeoutMs?: number;
  /** Degraded answers (503, database down) tolerated before the gate fails with the backend's reason. */
  degradedAttempts?: number;
}
export const DEFAULT_GATE: Required<Omit<GateOptions, 'requestTimeoutMs'>> = {
  attempts: 30,
  intervalMs: 1000,
  degradedAttempts: 3,
};

export interface ExitWatch {
  /** Resolves when the sidecar exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: string }>;
  stderrTail: () => string[];
}

export interface GateDeps {
  fetch?: FetchFn;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onProgress?: (p: LaunchProgress) => void;
  /** Given for an embedded sidecar; absent in server mode. */
  process?: ExitWatch;
  /** Extra request headers: the embedded backend's launch token, so health names the details. */
  headers?: Record<string, string>;
}

export type GateResult =
  | { ok: true; health: Health; attempts: number; elapsedMs: number }
  | { ok: false; failure: LaunchFailure; attempts: number; elapsedMs: number };

type Answer =
  | { kind: 'ok'; health: Health }
  | { kind: 'degraded'; health: Health }
  | { kind: 'not-health'; status: number }
  | { kind: 'http'; status: number }
  | { kind: 'error'; error: string };

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export function healthUrl(apiBaseUrl: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/health`;
}

async function probe(
  fetchFn: FetchFn,
  url: string,
  timeoutMs: number,
  outer: AbortSignal,
  headers?: Record<string, string>,
): Promise<Answer> {
  const signal = AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]);
  try {
    const res = await fetchFn(url, {
      signal,
      headers: { accept: 'application/json', ...headers },
      redirect: 'error',
    });
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    const parsed = HealthSchema.safeParse(body);
    if (!parsed.success)
      return res.ok ? { kind: 'not-health', status: res.status } : { kind: 'http', status: res.status };
    if (res.ok && parsed.data.status === 'ok') return { kind: 'ok', health: parsed.data };
    return { kind: 'degraded', health: parsed.data };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string } };
    return {
      kind: 'error',
      error: e.cause?.code ?? (e.name === 'TimeoutError' ? 'timeout' : (e.message ?? String(err))),
    };
  }
}

export async function runHealthGate(
  url: string,
  options: Partial<GateOptions>,
  deps: GateDeps = {},
): Promise<GateResult> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_GATE.attempts);
  const intervalMs = Math.max(0, options.intervalMs ?? DEFAULT_GATE.intervalMs);
  const requestTimeoutMs = options.requestTimeoutMs ?? Math.max(1000, intervalMs);
  const degradedLimit = Math.max(1, options.degradedAttempts ?? DEFAULT_GATE.degradedAttempts);
  const fetchFn = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const progress = deps.onProgress ?? (() => {});
  const started = now();
  const stop = new AbortController();

  let exitedWith: Awaited<ExitWatch['exited']> | null = null;
  void deps.process?.exited.then((e) => {
    exitedWith = e;
    stop.abort();
  });
  const exitFailure = (attempt: number): GateResult => {
    const e = exitedWith!;
    const failure: LaunchFailure = {
      code: 'sidecar_exited',
      message: e.signal
        ? `The backend was stopped by signal ${e.signal} before it became healthy.`
        : `The backend exited with code ${e.code} before it became healthy.`,
      exitCode: e.code,
      stderrTail: deps.process?.stderrTail() ?? [],
    };
    progress({ step: 'waiting', state: 'failed', attempt, attempts, failure });
    return { ok: false, failure, attempts: attempt, elapsedMs: now() - started };
  };

  let degraded = 0;
  let last: Answer | null = null;
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (exitedWith) return exitFailure(attempt - 1);
      const attemptStart = now();
      progress({ step: 'waiting', state: 'active', attempt, attempts });
      const answer = await probe(fetchFn, url, requestTimeoutMs, stop.signal, deps.headers);
      if (exitedWith) return exitFailure(attempt);
      last = answer;
      if (answer.kind === 'ok' || answer.kind === 'degraded') {
        progress({ step: 'waiting', state: 'done', attempt, attempts });
        progress({ step: 'database', state: 'active' });
      }
      if (answer.kind === 'ok') {
        progress({ step: 'database', state: 'done' });
        return { ok: true, health: answer.health, attempts: attempt, elapsedMs: now() - started };
      }
      if (answer.kind === 'degraded') {
        degraded += 1;
        if (degraded >= degradedLimit) {
          const failure: LaunchFailure = {
            code: answer.health.code ?? 'database_error',
            message: answer.health.message ?? 'The backend is running but cannot use its database.',
            hint: 'Check the database settings, and that the database server is running and reachable.',
          };
          progress({ step: 'database', state: 'failed', failure });
          return { ok: false, failure, attempts: attempt, elapsedMs: now() - started };
        }
      }
      if (attempt < attempts) await sleep(intervalMs - (now() - attemptStart), stop.signal);
    }
  } finally {
    stop.abort();
  }
  if (exitedWith) return exitFailure(attempts);
  const detail =
    last?.kind === 'not-health'
      ? `The server answered HTTP ${last.status}, but not as a Meeting Assistant backend.`
      : last?.kind === 'http'
        ? `The last answer was HTTP ${last.status}.`
        : last?.kind === 'error'
          ? `Last error: ${last.error}.`
          : last?.kind === 'degraded'
            ? `It is running, but cannot use its database: ${last.health.message ?? last.health.code ?? 'unknown reason'}`
            : '';
  const failure: LaunchFailure = {
    code: last?.kind === 'not-health' ? 'not_meeting_backend' : 'health_timeout',
    message:
      `The backend did not become healthy after ${attempts} attempts (${Math.round((now() - started) / 100) / 10} s). ${detail}`.trim(),
    hint: 'Show logs for details, then Retry.',
    stderrTail: deps.process?.stderrTail(),
  };
  progress({ step: 'waiting', state: 'failed', attempt: attempts, attempts, failure });
  return { ok: false, failure, attempts, elapsedMs: now() - started };
}
