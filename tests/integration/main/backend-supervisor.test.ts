// The supervisor and health gate with the real Python backend (dev module) and the harness's MariaDB.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendEvent, ListeningEvent } from '../../../electron/contract/sidecar';
import type { FetchFn } from '../../../electron/main/health-gate';
import { backendBaseUrl, backendSpec } from '../../../electron/main/sidecar/backend-spec';
import { resolveSidecarCommand } from '../../../electron/main/sidecar/command';
import { Supervisor } from '../../../electron/main/sidecar/supervisor';
import {
  createDbUser,
  isAlive,
  occupyPort,
  PYTHON,
  recorder,
  REPO_ROOT,
  tempDir,
  waitUntil,
} from './helpers';

const TOKEN = 'launch-token-0123456789abcdef';
const DB_PASSWORD = `p'w "x\\y %;é ${Date.now()}`;
let db: Awaited<ReturnType<typeof createDbUser>>;

beforeAll(async () => {
  expect(fs.existsSync(PYTHON), 'sidecars/.venv missing: run npm run setup:python').toBe(true);
  db = await createDbUser('ma_sup', DB_PASSWORD, 'ma_sup_db');
});

const running: Supervisor<BackendEvent, ListeningEvent>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

interface MakeOpts {
  command?: () => ReturnType<typeof resolveSidecarCommand>;
  line?: Record<string, unknown>;
  gate?: { attempts: number; intervalMs: number };
  fetch?: FetchFn;
  restart?: { maxRestarts: number; baseDelayMs: number };
}

function make(opts: MakeOpts = {}) {
  const rec = recorder();
  const logsDir = tempDir();
  const line = { embedded: true, host: '127.0.0.1', port: 0, launchToken: TOKEN, ...opts.line };
  const sup = new Supervisor(
    backendSpec({
      command:
        opts.command ??
        (() => resolveSidecarCommand({ name: 'backend', packaged: false, repoRoot: REPO_ROOT })),
      settings: async () => ({ line, secrets: [TOKEN, DB_PASSWORD] }),
      gate: () => opts.gate ?? { attempts: 30, intervalMs: 250 },
      fetch: opts.fetch,
      headers: () => ({ 'x-launch-token': TOKEN }),
      onProgress: (p) => rec.emit('launch:progress', p),
    }),
    { emit: rec.emit, logsDir, restart: opts.restart },
  );
  running.push(sup);
  return { sup, rec, logsDir };
}

const dbLine = () => ({ database: { ...db } });

describe('backend sidecar under the supervisor', () => {
  it('happy path: normal mode, gate passes with the database ok, stop leaves nothing behind', async () => {
    const { sup, rec, logsDir } = make({ line: dbLine() });
    const out = await sup.start();
    expect(out.ok, JSON.stringify(out)).toBe(true);
    if (!out.ok) return;
    const res = await fetch(`${backendBaseUrl(out.ready)}/health`);
    expect(await res.json()).toMatchObject({ status: 'ok', mode: 'normal', database: 'ok' });
    const steps = rec.events
      .filter((e) => e.event === 'launch:progress')
      .map((e) => e.payload as { step: string; state: string });
    expect(steps).toContainEqual({ step: 'spawning', state: 'done' });
    expect(steps).toContainEqual({ step: 'database', state: 'done' });
    const pid = out.pid;
    await sup.stop();
    expect(isAlive(pid)).toBe(false);
    const log = fs.readFileSync(`${logsDir}/backend.log`, 'utf8');
    expect(log).toContain('starting in normal mode');
    expect(log).not.toContain(DB_PASSWORD);
    expect(log).not.toContain(TOKEN);
  });

  it('ends the gate at once when the backend exits during it, with exit code and stderr tail', async () => {
    let pid = 0;
    // Hold the first health probe back, and kill the backend meanwhile.
    let killedAt = 0;
    const slowFirst: FetchFn = async (url, init) => {
      killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await new Promise((resolve, reject) => {
        setTimeout(resolve, 5000);
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
      return fetch(url, init);
    };
    const { sup } = make({ fetch: slowFirst, gate: { attempts: 30, intervalMs: 1000 } });
    const poll = setInterval(() => (pid = sup.process?.pid ?? 0), 5);
    const out = await sup.start();
    clearInterval(poll);
    expect(Date.now() - killedAt).toBeLessThan(1500);
    expect(out).toMatchObject({ ok: false, failure: { code: 'sidecar_exited' } });
    if (!out.ok) {
      expect(out.failure.message).toContain('SIGKILL');
      expect(out.failure.stderrTail?.join('\n')).toContain('starting in setup mode');
    }
  });

  it('never healthy (database down, short gate) gives a clear timeout', async () => {
    const closed = await occupyPort();
    await closed.close(); // a port nothing listens on
    const { sup } = make({
      line: { database: { ...db, port: closed.port } },
      gate: { attempts: 2, intervalMs: 200 },
    });
    const out = await sup.start();
    expect(out).toMatchObject({ ok: false, failure: { code: 'health_timeout' } });
    if (!out.ok) {
      expect(out.failure.message).toMatch(/2 attempts/);
      // Health names host and port only to a caller with the launch token, as main is.
      expect(out.failure.message).toContain(`${closed.port}`);
    }
  });

  it('configured port taken: the backend moves to a free port and the gate follows it', async () => {
    const taken = await occupyPort();
    try {
      const { sup } = make({ line: { port: taken.port } });
      const out = await sup.start();
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      expect(out.ready.port).not.toBe(taken.port);
      expect(out.ready.fallback).toBe(true);
      expect((await fetch(`${backendBaseUrl(out.ready)}/health`)).status).toBe(200);
    } finally {
      await taken.close();
    }
  });

  it('kill -9 after ready: crashed, restarting, running again on a live process', async () => {
    const { sup, rec } = make({ restart: { maxRestarts: 2, baseDelayMs: 100 } });
    const out = await sup.start();
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    process.kill(out.pid, 'SIGKILL');
    expect(await rec.waitFor('sidecar:status', (s) => s.state === 'crashed')).toMatchObject({
      sidecar: 'backend',
    });
    await rec.waitFor('sidecar:status', (s) => s.state === 'restarting' && s.attempt === 1);
    await waitUntil(() => sup.ready !== null && sup.process?.pid !== out.pid, 20_000);
    const newPid = sup.process!.pid!;
    expect(newPid).not.toBe(out.pid);
    expect((await fetch(`${backendBaseUrl(sup.ready!)}/health`)).status).toBe(200);
    await sup.stop();
    expect(isAlive(newPid)).toBe(false);
    expect(isAlive(out.pid)).toBe(false);
  });

  it('stop during startup leaves no process behind', async () => {
    const { sup } = make();
    const starting = sup.start();
    await waitUntil(() => sup.process?.pid !== undefined, 5000, 5);
    const pid = sup.process!.pid!;
    await sup.stop();
    expect(await starting).toMatchObject({ ok: false, failure: { code: 'stopped' } });
    expect(isAlive(pid)).toBe(false);
  });

  it('reports invalid settings from the backend as a fatal event with exit code 2', async () => {
    const { sup } = make({ line: { host: '0.0.0.0' } });
    const out = await sup.start();
    expect(out).toMatchObject({ ok: false, failure: { code: 'invalid_settings', exitCode: 2 } });
  });

  const built = path.join(REPO_ROOT, 'sidecars/dist/meeting-backend/meeting-backend');
  it.skipIf(!fs.existsSync(built))(
    'packaged: the PyInstaller executable under <resources>/sidecars starts and passes the gate',
    async () => {
      // Lay out a resources folder as the packaged app has it: resources/sidecars -> sidecars/dist.
      const resourcesPath = tempDir('ma-resources-');
      fs.symlinkSync(path.join(REPO_ROOT, 'sidecars/dist'), path.join(resourcesPath, 'sidecars'));
      const command = () =>
        resolveSidecarCommand({ name: 'backend', packaged: true, resourcesPath, repoRoot: '/nonexistent' });
      expect(command().file).toBe(path.join(resourcesPath, 'sidecars/meeting-backend/meeting-backend'));
      const { sup } = make({ command });
      const out = await sup.start();
      expect(out.ok, JSON.stringify(out)).toBe(true);
      if (!out.ok) return;
      await sup.stop();
      expect(isAlive(out.pid)).toBe(false);
    },
  );
});
