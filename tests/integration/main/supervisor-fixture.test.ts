// The supervisor and health gate against a small Node stand-in sidecar: behaviours the real
// backend cannot be asked to show on demand (ignoring SIGTERM, garbage on stdout, fatal event).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListeningEvent, BackendEvent } from '../../../electron/contract/sidecar';
import { backendSpec } from '../../../electron/main/sidecar/backend-spec';
import { createRotatingLog } from '../../../electron/main/sidecar/log-file';
import { createKnownSecrets, type KnownSecrets } from '../../../electron/main/sidecar/redact';
import { Supervisor } from '../../../electron/main/sidecar/supervisor';
import { FAKE_SIDECAR, isAlive, recorder, tempDir, waitUntil } from './helpers';

const running: Supervisor<BackendEvent, ListeningEvent>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function make(
  settings: Record<string, unknown>,
  opts: {
    gate?: { attempts: number; intervalMs: number };
    stopTimeouts?: { eofMs: number; termMs: number };
    restart?: { maxRestarts: number; baseDelayMs: number };
    knownSecrets?: KnownSecrets;
  } = {},
) {
  const rec = recorder();
  const logsDir = tempDir();
  const sup = new Supervisor(
    backendSpec({
      command: () => ({ file: process.execPath, args: [FAKE_SIDECAR] }),
      settings: async () => ({
        line: { launchToken: 'tok-0123456789abcdef', host: '127.0.0.1', port: 0, ...settings },
        secrets: ['tok-0123456789abcdef', 'pa"ss w\\rd%;é'],
      }),
      gate: () => opts.gate ?? { attempts: 10, intervalMs: 100 },
      onProgress: (p) => rec.emit('launch:progress', p),
    }),
    {
      emit: rec.emit,
      logsDir,
      stopTimeouts: opts.stopTimeouts,
      restart: opts.restart,
      knownSecrets: opts.knownSecrets,
    },
  );
  running.push(sup);
  return { sup, rec, logsDir };
}

describe('supervisor with a stand-in sidecar', () => {
  it('starts, passes the gate and redacts secrets from the log', async () => {
    const { sup, rec, logsDir } = make({ database: { password: 'pa"ss w\\rd%;é' } });
    const out = await sup.start();
    expect(out.ok).toBe(true);
    expect(rec.events.map((e) => e.event)).toContain('launch:progress');
    await sup.stop();
    const log = fs.readFileSync(path.join(logsDir, 'backend.log'), 'utf8');
    expect(log).toContain('fake sidecar starting');
    expect(log).not.toContain('tok-0123456789abcdef');
    expect(log).not.toContain('pa"ss w\\rd%;é');
    expect(log).toContain('***');
  });

  it('logs malformed stdout lines and carries on', async () => {
    const { sup, logsDir } = make({ fixture: 'garbage' });
    const out = await sup.start();
    expect(out.ok).toBe(true);
    const log = fs.readFileSync(path.join(logsDir, 'backend.log'), 'utf8');
    expect(log).toContain('non-JSON stdout line');
    expect(log).toContain('unexpected event');
  });

  it('reports a fatal event with its code and exit code', async () => {
    const { sup } = make({ fixture: 'fatal' });
    const out = await sup.start();
    expect(out).toMatchObject({ ok: false, failure: { code: 'invalid_settings', exitCode: 2 } });
  });

  it('redacts a fatal message before it reaches main.log or the renderer', async () => {
    const pw = 'pa"ss w\\rd%;é';
    const knownSecrets = createKnownSecrets();
    const mainLog = createRotatingLog(path.join(tempDir(), 'main.log'), { redact: knownSecrets.redact });
    const { sup } = make({ fixture: 'fatal-secret', database: { password: pw } }, { knownSecrets });
    const out = await sup.start();
    expect(out.ok).toBe(false);
    const failure = out.ok ? null : out.failure;
    expect(failure?.code).toBe('db_failed');
    for (const form of [pw, JSON.stringify(pw).slice(1, -1), encodeURIComponent(pw)])
      expect(failure?.message).not.toContain(form);
    expect(failure?.message).toContain('cannot sign in: ***');
    // main.log learned the secret when the supervisor handed it over, in every spelling
    mainLog.write(`[launch] failed: ${pw} ${encodeURIComponent(pw)}`);
    const text = fs.readFileSync(mainLog.path, 'utf8');
    expect(text).not.toContain(pw);
    expect(text).not.toContain(encodeURIComponent(pw));
    expect(text).toContain('[launch] failed: *** ***');
  });

  it('fails at once when the program is missing', async () => {
    const rec = recorder();
    const sup = new Supervisor(
      backendSpec({
        command: () => ({ file: '/nonexistent/backend', args: [] }),
        settings: async () => ({ line: {}, secrets: [] }),
        gate: () => ({}),
      }),
      { emit: rec.emit, logsDir: tempDir() },
    );
    const out = await sup.start();
    expect(out).toMatchObject({ ok: false, failure: { code: 'spawn_failed' } });
  });

  it('ends the gate immediately when the sidecar exits during it', async () => {
    const { sup } = make(
      { fixture: 'exit-in-gate', exitAfterMs: 300 },
      { gate: { attempts: 100, intervalMs: 200 } },
    );
    const t0 = Date.now();
    const out = await sup.start();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(out).toMatchObject({ ok: false, failure: { code: 'sidecar_exited', exitCode: 3 } });
    if (!out.ok) expect(out.failure.stderrTail?.join('\n')).toContain('boom: giving up');
  });

  it('times out when the sidecar never becomes healthy', async () => {
    const { sup, rec } = make({ fixture: 'never-healthy' }, { gate: { attempts: 4, intervalMs: 100 } });
    const out = await sup.start();
    expect(out).toMatchObject({ ok: false, failure: { code: 'health_timeout' } });
    const waits = rec.events.filter(
      (e) =>
        e.event === 'launch:progress' &&
        (e.payload as { step: string; state: string }).step === 'waiting' &&
        (e.payload as { state: string }).state === 'active',
    );
    expect(waits.map((w) => (w.payload as { attempt: number }).attempt)).toEqual([1, 2, 3, 4]);
  });

  it('escalates to SIGKILL of the whole tree when the sidecar ignores EOF and SIGTERM', async () => {
    const { sup, logsDir } = make({ fixture: 'stubborn' }, { stopTimeouts: { eofMs: 300, termMs: 300 } });
    const out = await sup.start();
    expect(out.ok).toBe(true);
    const pid = sup.process!.pid!;
    await waitUntil(() => /child \d+/.test(fs.readFileSync(path.join(logsDir, 'backend.log'), 'utf8')));
    const childPid = Number(
      /child (\d+)/.exec(fs.readFileSync(path.join(logsDir, 'backend.log'), 'utf8'))![1],
    );
    expect(isAlive(childPid)).toBe(true);
    await sup.stop();
    expect(await waitUntil(() => !isAlive(pid) && !isAlive(childPid), 3000)).toBe(true);
    expect(fs.readFileSync(path.join(logsDir, 'backend.log'), 'utf8')).toContain('SIGKILL');
  });

  it('restarts after a crash, a bounded number of times, then gives up', async () => {
    const { sup, rec } = make({}, { restart: { maxRestarts: 2, baseDelayMs: 50 } });
    expect((await sup.start()).ok).toBe(true);
    process.kill(sup.process!.pid!, 'SIGKILL');
    await rec.waitFor('sidecar:status', (s) => s.state === 'crashed');
    await rec.waitFor('sidecar:status', (s) => s.state === 'restarting' && s.attempt === 1);
    await rec.waitFor(
      'sidecar:status',
      (s) =>
        s.state === 'running' &&
        rec.events.filter(
          (e) => e.event === 'sidecar:status' && (e.payload as { state: string }).state === 'running',
        ).length === 2,
    );
    process.kill(sup.process!.pid!, 'SIGKILL');
    await rec.waitFor('sidecar:status', (s) => s.state === 'restarting' && s.attempt === 2);
    await waitUntil(
      () =>
        rec.events.filter(
          (e) => e.event === 'sidecar:status' && (e.payload as { state: string }).state === 'running',
        ).length === 3,
      10_000,
    );
    process.kill(sup.process!.pid!, 'SIGKILL');
    const gaveUp = await rec.waitFor('sidecar:status', (s) => s.state === 'gave-up');
    expect(gaveUp).toMatchObject({ attempt: 2, maxAttempts: 2 });
  });

  it('stop during startup leaves no process behind', async () => {
    const { sup } = make(
      { fixture: 'slow-healthy', healthyAfterMs: 60_000 },
      { gate: { attempts: 100, intervalMs: 100 } },
    );
    const starting = sup.start();
    await waitUntil(() => sup.process?.pid !== undefined);
    const pid = sup.process!.pid!;
    await new Promise((r) => setTimeout(r, 300));
    await sup.stop();
    const out = await starting;
    expect(out).toMatchObject({ ok: false, failure: { code: 'stopped' } });
    expect(isAlive(pid)).toBe(false);
  });
});
