// One run of a sidecar process: spawn, settings line on stdin, validated stdout events, a
// redacted stderr tail and log, and the polite-then-firm stop of its whole process tree.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import readline from 'node:readline';
import treeKill from 'tree-kill';
import type { z } from 'zod';
import type { SidecarCommand } from './command';
import type { LineLog } from './log-file';
import { createRedactor, type Redact } from './redact';
import { RingBuffer } from './ring-buffer';

export type SpawnFn = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
export type KillTreeFn = (pid: number, signal: NodeJS.Signals) => Promise<void>;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

export interface StopTimeouts {
  /** After closing stdin (the protocol's "parent is gone"), before SIGTERM. */
  eofMs: number;
  /** After SIGTERM, before SIGKILL. */
  termMs: number;
}
export const DEFAULT_STOP_TIMEOUTS: StopTimeouts = { eofMs: 3000, termMs: 2000 };

export interface SidecarProcessOptions<E> {
  name: string;
  command: SidecarCommand;
  /** Written as the first stdin line. Contains secrets: never logged, never in argv. */
  settingsLine: Record<string, unknown>;
  /** Every secret value in the settings line, for redaction of logs and the stderr tail. */
  secrets: string[];
  eventSchema: z.ZodType<E>;
  log: LineLog;
  spawn?: SpawnFn;
  killTree?: KillTreeFn;
  platform?: NodeJS.Platform;
  stopTimeouts?: StopTimeouts;
  stderrTailLines?: number;
}

export const defaultKillTree: KillTreeFn = (pid, signal) =>
  new Promise((resolve) => treeKill(pid, signal, () => resolve()));

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export class SidecarProcess<E> {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | null = null;
  private readonly stderr: RingBuffer<string>;
  private readonly listeners = new Set<(e: E) => void>();
  private readonly redact: Redact;
  private stopping: Promise<ExitInfo> | null = null;
  private readonly opts: SidecarProcessOptions<E>;
  private readonly platform: NodeJS.Platform;

  constructor(opts: SidecarProcessOptions<E>) {
    this.opts = opts;
    this.platform = opts.platform ?? process.platform;
    this.redact = createRedactor(opts.secrets);
    this.stderr = new RingBuffer(opts.stderrTailLines ?? 40);
    const spawn = opts.spawn ?? (nodeSpawn as SpawnFn);
    const { command } = opts;
    opts.log.write(`[main] starting ${opts.name}: ${[command.file, ...command.args].join(' ')}`);
    this.child = spawn(command.file, command.args, {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      // Own process group on POSIX, so the final SIGKILL also reaches grandchildren that outlive the leader.
      detached: this.platform !== 'win32',
    });
    let resolveExit!: (e: ExitInfo) => void;
    this.exited = new Promise((r) => (resolveExit = r));
    const finish = (info: ExitInfo) => {
      if (this.exitInfo) return;
      this.exitInfo = info;
      opts.log.write(
        `[main] ${opts.name} exited: ${info.spawnError ?? `code=${info.code} signal=${info.signal}`}`,
      );
      // stdout/stderr may still hold the last lines; give them a moment before reporting.
      const done = () => resolveExit(info);
      if (this.child.stdout?.readableEnded !== false && this.child.stderr?.readableEnded !== false) done();
      else {
        let pending = 2;
        const one = () => --pending === 0 && done();
        for (const s of [this.child.stdout, this.child.stderr]) {
          if (!s || s.readableEnded) one();
          else s.once('end', one).once('close', one);
        }
        setTimeout(done, 300).unref?.();
      }
    };
    this.child.once('error', (err: NodeJS.ErrnoException) => {
      if (this.child.pid === undefined)
        finish({ code: null, signal: null, spawnError: `${err.code ?? ''} ${err.message}`.trim() });
      else opts.log.write(`[main] ${opts.name} process error: ${err.message}`);
    });
    this.child.once('exit', (code, signal) => finish({ code, signal }));
    this.child.stdin?.on('error', (err) => opts.log.write(`[main] ${opts.name} stdin: ${err.message}`));

    if (this.child.stdout) {
      readline
        .createInterface({ input: this.child.stdout, crlfDelay: Infinity })
        .on('line', (l) => this.onStdout(l));
    }
    if (this.child.stderr) {
      readline.createInterface({ input: this.child.stderr, crlfDelay: Infinity }).on('line', (l) => {
        const line = this.redact(l);
        this.stderr.push(line);
        opts.log.write(line);
      });
    }
    if (this.child.pid !== undefined) this.child.stdin?.write(`${JSON.stringify(opts.settingsLine)}\n`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exit(): ExitInfo | null {
    return this.exitInfo;
  }

  stderrTail(): string[] {
    return this.stderr.toArray();
  }

  onEvent(listener: (e: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first event matching `pick`, or 'exited' / 'timeout'. */
  waitForEvent<T extends E>(pick: (e: E) => e is T, timeoutMs?: number): Promise<T | 'exited' | 'timeout'> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const off = this.onEvent((e) => {
        if (!pick(e)) return;
        cleanup();
        resolve(e);
      });
      const cleanup = () => {
        off();
        if (timer) clearTimeout(timer);
      };
      if (timeoutMs !== undefined)
        timer = setTimeout(() => {
          cleanup();
          resolve('timeout');
        }, timeoutMs);
      void this.exited.then(() => {
        cleanup();
        resolve('exited');
      });
    });
  }

  /** Sends one request line (transcriber protocol). */
  send(message: Record<string, unknown>): boolean {
    if (this.exitInfo || !this.child.stdin || this.child.stdin.writableEnded) return false;
    return this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Close stdin, wait; SIGTERM the tree, wait; SIGKILL the tree. Idempotent. */
  stop(): Promise<ExitInfo> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<ExitInfo> {
    const { eofMs, termMs } = this.opts.stopTimeouts ?? DEFAULT_STOP_TIMEOUTS;
    const killTree = this.opts.killTree ?? defaultKillTree;
    const pid = this.child.pid;
    const waitExit = (ms: number) =>
      Promise.race([this.exited.then(() => true), delay(ms).then(() => false)]);
    if (pid !== undefined && !this.exitInfo) {
      this.opts.log.write(`[main] stopping ${this.opts.name} (closing stdin)`);
      this.child.stdin?.end();
      if (!(await waitExit(eofMs))) {
        // Windows has no SIGTERM: EOF was the polite signal; tree-kill runs taskkill /T /F there.
        if (this.platform !== 'win32') {
          this.opts.log.write(`[main] ${this.opts.name} still running after ${eofMs} ms: SIGTERM`);
          await killTree(pid, 'SIGTERM');
        }
        if (this.platform === 'win32' || !(await waitExit(termMs))) {
          this.opts.log.write(`[main] ${this.opts.name} still running: SIGKILL of the process tree`);
          await killTree(pid, 'SIGKILL');
          await waitExit(termMs);
        }
      }
    }
    if (pid !== undefined && this.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL'); // leftovers of the group, if any
      } catch {
        // ESRCH: the group is empty, which is the normal case.
      }
    }
    return this.exited;
  }

  private onStdout(raw: string): void {
    const line = raw.trim();
    if (line.length === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.opts.log.write(
        `[main] ${this.opts.name} printed a non-JSON stdout line (ignored): ${this.redact(line).slice(0, 500)}`,
      );
      return;
    }
    const result = this.opts.eventSchema.safeParse(parsed);
    if (!result.success) {
      this.opts.log.write(
        `[main] ${this.opts.name} printed an unexpected event (ignored): ${this.redact(line).slice(0, 500)}`,
      );
      return;
    }
    this.opts.log.write(`[event] ${this.redact(line)}`);
    for (const l of [...this.listeners]) l(result.data);
  }
}
