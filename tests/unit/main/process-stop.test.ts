// The stop sequence of one sidecar process, with real Node children and a recording killTree.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SidecarProcess, type KillTreeFn } from '../../../electron/main/sidecar/process';
import { backoffDelay, DEFAULT_RESTART_POLICY } from '../../../electron/main/sidecar/supervisor';

const log = { path: '', write: () => {} };
const STUBBORN =
  "process.on('SIGTERM',()=>{}); process.stdin.resume(); process.stdin.on('end',()=>{}); setInterval(()=>{},1000); console.log(JSON.stringify({event:'ready'}))";
const POLITE =
  "process.stdin.resume(); process.stdin.on('end',()=>process.exit(0)); console.log(JSON.stringify({event:'ready'}))";
const isReady = (e: { event: string }): e is { event: string } => e.event === 'ready';

function start(script: string, platform: NodeJS.Platform, signals: string[]) {
  const killTree: KillTreeFn = async (pid, signal) => {
    signals.push(signal);
    // SIGTERM is ignored by the script; only SIGKILL ends it, as on a real stubborn sidecar.
    process.kill(pid, signal);
  };
  return new SidecarProcess({
    name: 'test',
    command: { file: process.execPath, args: ['-e', script] },
    settingsLine: { hello: 'world' },
    secrets: [],
    eventSchema: z.object({ event: z.string() }),
    log,
    killTree,
    platform,
    stopTimeouts: { eofMs: 200, termMs: 200 },
  });
}

describe('SidecarProcess.stop', () => {
  it('a sidecar that exits on EOF is never signalled', async () => {
    const signals: string[] = [];
    const p = start(POLITE, process.platform, signals);
    await p.waitForEvent(isReady, 10_000);
    const exit = await p.stop();
    expect(exit.code).toBe(0);
    expect(signals).toEqual([]);
  });

  it('POSIX: EOF, then SIGTERM, then SIGKILL of the tree', async () => {
    const signals: string[] = [];
    const p = start(STUBBORN, 'linux', signals);
    await p.waitForEvent(isReady, 10_000); // its SIGTERM handler is set
    const exit = await p.stop();
    expect(signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(exit.signal).toBe('SIGKILL');
  });

  it('Windows: EOF, then straight to the forced tree kill (there is no SIGTERM)', async () => {
    const signals: string[] = [];
    const p = start(STUBBORN, 'win32', signals);
    await p.waitForEvent(isReady, 10_000);
    await p.stop();
    expect(signals).toEqual(['SIGKILL']);
  });

  it('is idempotent', async () => {
    const p = start(POLITE, process.platform, []);
    await p.waitForEvent(isReady, 10_000);
    const [a, b] = await Promise.all([p.stop(), p.stop()]);
    expect(a).toBe(b);
  });

  it('writes the settings line first, and logs (redacted) what the process prints', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-proc-'));
    const lines: string[] = [];
    const p = new SidecarProcess({
      name: 'echo',
      command: {
        file: process.execPath,
        args: [
          '-e',
          "require('readline').createInterface({input:process.stdin}).once('line',l=>{console.error('got '+l);console.log(JSON.stringify({event:'ready'}));process.exit(0)})",
        ],
        cwd: dir,
      },
      settingsLine: { password: 'hunter2-secret' },
      secrets: ['hunter2-secret'],
      eventSchema: z.object({ event: z.literal('ready') }),
      log: { path: '', write: (l) => lines.push(l) },
    });
    const ready = await p.waitForEvent((e): e is { event: 'ready' } => e.event === 'ready', 5000);
    expect(ready).toEqual({ event: 'ready' });
    await p.exited;
    expect(p.stderrTail()).toEqual(['got {"password":"***"}']);
    expect(lines.join('\n')).not.toContain('hunter2-secret');
  });
});

describe('backoffDelay', () => {
  it('doubles from the base delay up to the cap', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
