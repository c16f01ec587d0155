// Keeps one sidecar alive and accounted for: start (spawn -> ready event -> confirm, e.g. the
// health gate), stop (also mid-startup), and restart with exponential backoff after a crash,
// a bounded number of times. Every state change is emitted as `sidecar:status`: never silent.
import path from 'node:path';
import type { Emit, LaunchFailure } from '../../contract/ipc';
import type { SidecarName } from '../../contract/sidecar';
import type { z } from 'zod';
import type { SidecarCommand } from './command';
import { createRotatingLog, type RotatingLog } from './log-file';
import { createRedactor, type KnownSecrets } from './redact';
import { SidecarProcess, type ExitInfo, type KillTreeFn, type SpawnFn, type StopTimeouts } from './process';

export interface SidecarSettings {
  line: Record<string, unknown>;
  secrets: string[];
}

export interface SidecarSpec<E, R extends E = E> {
  name: SidecarName;
  command: () => SidecarCommand;
  /** Built at each start, so secrets are read from the keychain at that moment. */
  settings: () => Promise<SidecarSettings>;
  eventSchema: z.ZodType<E>;
  isReady: (e: E) => e is R;
  /** A failure the sidecar reports itself (`{"event":"fatal",...}`). */
  asFatal: (e: E) => { code: string; message: string } | null;
  /** Runs after the ready event (the health gate for the backend). Resolves null when confirmed. */
  confirm?: (proc: SidecarProcess<E>, ready: R) => Promise<LaunchFailure | null>;
}

export interface RestartPolicy {
  maxRestarts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** After running this long, a crash starts the count afresh. */
  stableAfterMs: number;
}
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
  stableAfterMs: 60_000,
};

export interface SupervisorDeps {
  emit: Emit;
  logsDir: string;
  spawn?: SpawnFn;
  killTree?: KillTreeFn;
  platform?: NodeJS.Platform;
  stopTimeouts?: StopTimeouts;
  restart?: Partial<RestartPolicy>;
  /** Time to wait for the ready event after spawning. */
  readyTimeoutMs?: number;
  logMaxBytes?: number;
  now?: () => number;
  /** main.log's redactor: it learns each secret this supervisor hands to its sidecar. */
  knownSecrets?: KnownSecrets;
}

export type StartOutcome<R> = { ok: true; ready: R; pid: number } | { ok: false; failure: LaunchFailure };

export function backoffDelay(attempt: number, policy: RestartPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export function exitDescription(exit: ExitInfo): string {
  if (exit.spawnError) return `could not be started (${exit.spawnError})`;
  if (exit.signal) return `was stopped by signal ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

export class Supervisor<E, R extends E = E> {
  readonly log: RotatingLog;
  private proc: SidecarProcess<E> | null = null;
  private readyEvent: R | null = null;
  private stopped = false;
  private restarts = 0;
  private runningSince = 0;
  private restartTimer: { cancel: () => void } | null = null;
  /** Bumped by every start/stop, so a superseded launch never spawns or reports. */
  private generation = 0;
  private readonly policy: RestartPolicy;
  private readonly readyListeners = new Set<(r: R) => void>();

  constructor(
    private readonly spec: SidecarSpec<E, R>,
    private readonly deps: SupervisorDeps,
  ) {
    this.policy = { ...DEFAULT_RESTART_POLICY, ...deps.restart };
    this.log = createRotatingLog(path.join(deps.logsDir, `${spec.name}.log`), { maxBytes: deps.logMaxBytes });
  }

  get process(): SidecarProcess<E> | null {
    return this.proc;
  }

  get ready(): R | null {
    return this.readyEvent;
  }

  /** Called after every successful (re)start, e.g. to publish a new port. */
  onReady(listener: (r: R) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Starts the sidecar (stopping a previous run first) and waits until it is ready and confirmed. */
  async start(): Promise<StartOutcome<R>> {
    this.generation += 1;
    this.cancelRestart();
    await this.stopProcess();
    this.stopped = false;
    this.restarts = 0;
    return this.launch();
  }

  /** Stops the sidecar and any pending restart. Safe to call at any moment, also mid-startup. */
  async stop(): Promise<void> {
    this.generation += 1;
    this.stopped = true;
    this.cancelRestart();
    const had = this.proc !== null;
    await this.stopProcess();
    if (had) this.deps.emit('sidecar:status', { sidecar: this.spec.name, state: 'stopped' });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async stopProcess(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    this.readyEvent = null;
    if (p) await p.stop();
  }

  private async launch(): Promise<StartOutcome<R>> {
    const { spec, deps } = this;
    const generation = this.generation;
    const superseded = () => this.stopped || generation !== this.generation;
    const stoppedFailure = () =>
      this.fail({ code: 'stopped', message: `The ${spec.name} was stopped during startup.` });
    deps.emit('sidecar:status', { sidecar: spec.name, state: 'starting' });
    let settings: SidecarSettings;
    let command: SidecarCommand;
    try {
      settings = await spec.settings();
      command = spec.command();
    } catch (err) {
      // A keychain error keeps its own code and plain message (e.g. keychain_locked).
      const code = (err as { code?: unknown })?.code;
      const hint = (err as { hint?: unknown })?.hint;
      return this.fail({
        code: typeof code === 'string' ? code : 'settings_unavailable',
        message: errorMessage(err),
        ...(typeof hint === 'string' ? { hint } : {}),
      });
    }
    if (superseded()) return stoppedFailure();
    const redact = createRedactor(settings.secrets);
    this.log.setRedactor(redact);
    deps.knownSecrets?.add(settings.secrets);
    const proc = new SidecarProcess<E>({
      name: spec.name,
      command,
      settingsLine: settings.line,
      secrets: settings.secrets,
      eventSchema: spec.eventSchema,
      log: this.log,
      spawn: deps.spawn,
      killTree: deps.killTree,
      platform: deps.platform,
      stopTimeouts: deps.stopTimeouts,
    });
    this.proc = proc;

    let fatal: { code: string; message: string } | null = null;
    proc.onEvent((e) => {
      const f = spec.asFatal(e);
      // The sidecar's own words go to main.log and the renderer: no secret in any spelling.
      if (f) fatal = { code: redact(f.code), message: redact(f.message) };
    });

    const ready = await proc.waitForEvent(spec.isReady, deps.readyTimeoutMs ?? 30_000);
    if (ready === 'exited' || ready === 'timeout') {
      if (ready === 'timeout') await proc.stop();
      const exit = (await proc.exited) ?? null;
      if (this.proc === proc) this.proc = null;
      if (superseded()) return stoppedFailure();
      return this.fail(this.exitFailure(proc, exit, fatal, ready === 'timeout'));
    }
    if (spec.confirm) {
      const failure = await spec.confirm(proc, ready);
      if (failure) {
        await proc.stop();
        if (this.proc === proc) this.proc = null;
        return superseded() ? stoppedFailure() : this.fail(failure);
      }
    }
    if (superseded() || this.proc !== proc) {
      await proc.stop();
      return stoppedFailure();
    }
    this.readyEvent = ready;
    this.runningSince = this.now();
    deps.emit('sidecar:status', { sidecar: spec.name, state: 'running' });
    void proc.exited.then((exit) => this.onExit(proc, exit));
    for (const l of [...this.readyListeners]) l(ready);
    return { ok: true, ready, pid: proc.pid ?? -1 };
  }

  private fail(failure: LaunchFailure): StartOutcome<R> {
    return { ok: false, failure };
  }

  private exitFailure(
    proc: SidecarProcess<E>,
    exit: ExitInfo,
    fatal: { code: string; message: string } | null,
    timedOut: boolean,
  ): LaunchFailure {
    const stderrTail = proc.stderrTail();
    if (fatal) return { code: fatal.code, message: fatal.message, exitCode: exit.code, stderrTail };
    if (exit.spawnError)
      return {
        code: 'spawn_failed',
        message: `The ${this.spec.name} ${exitDescription(exit)}.`,
        hint: 'The installation may be incomplete. Reinstalling the app usually fixes this.',
        exitCode: null,
        stderrTail,
      };
    if (timedOut)
      return {
        code: 'start_timeout',
        message: `The ${this.spec.name} did not report that it was listening in time.`,
        exitCode: exit.code,
        stderrTail,
      };
    return {
      code: 'sidecar_exited',
      message: `The ${this.spec.name} ${exitDescription(exit)} while starting.`,
      exitCode: exit.code,
      stderrTail,
    };
  }

  private onExit(proc: SidecarProcess<E>, exit: ExitInfo): void {
    if (this.stopped || this.proc !== proc) return; // a stop we asked for
    this.proc = null;
    this.readyEvent = null;
    const { name } = this.spec;
    if (this.now() - this.runningSince >= this.policy.stableAfterMs) this.restarts = 0;
    this.log.write(`[main] ${name} crashed: ${exitDescription(exit)}`);
    this.deps.emit('sidecar:status', {
      sidecar: name,
      state: 'crashed',
      exitCode: exit.code,
      message: `The ${name} ${exitDescription(exit)}.`,
    });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const { name } = this.spec;
    if (this.restarts >= this.policy.maxRestarts) {
      this.log.write(`[main] ${name}: giving up after ${this.restarts} restarts`);
      this.deps.emit('sidecar:status', {
        sidecar: name,
        state: 'gave-up',
        attempt: this.restarts,
        maxAttempts: this.policy.maxRestarts,
        message: `The ${name} stopped working and could not be restarted.`,
      });
      return;
    }
    this.restarts += 1;
    const attempt = this.restarts;
    const wait = backoffDelay(attempt, this.policy);
    this.deps.emit('sidecar:status', {
      sidecar: name,
      state: 'restarting',
      attempt,
      maxAttempts: this.policy.maxRestarts,
      message: `Restarting in ${Math.round(wait / 100) / 10} s.`,
    });
    const timer = setTimeout(() => {
      this.restartTimer = null;
      void this.launch().then((outcome) => {
        if (!outcome.ok && !this.stopped) {
          this.log.write(
            `[main] ${name} restart ${attempt} failed: ${outcome.failure.code} ${outcome.failure.message}`,
          );
          this.deps.emit('sidecar:status', {
            sidecar: name,
            state: 'crashed',
            exitCode: outcome.failure.exitCode ?? null,
            message: outcome.failure.message,
          });
          this.scheduleRestart();
        }
      });
    }, wait);
    this.restartTimer = { cancel: () => clearTimeout(timer) };
  }

  private cancelRestart(): void {
    this.restartTimer?.cancel();
    this.restartTimer = null;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
