// The backend sidecar as the supervisor sees it: ready on `listening`, confirmed by the health gate.
import { BackendEventSchema, type BackendEvent, type ListeningEvent } from '../../contract/sidecar';
import type { LaunchProgress } from '../../contract/ipc';
import { healthUrl, runHealthGate, type FetchFn, type GateOptions, type GateResult } from '../health-gate';
import type { SidecarCommand } from './command';
import type { SidecarSettings, SidecarSpec } from './supervisor';
import { sidecarVersionFailure } from './version-check';

export function backendBaseUrl(e: Pick<ListeningEvent, 'host' | 'port'>): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `http://${host}:${e.port}/api`;
}

export interface BackendSpecOptions {
  command: () => SidecarCommand;
  settings: () => Promise<SidecarSettings>;
  gate: () => Partial<GateOptions>;
  fetch?: FetchFn;
  /** Headers for the health probes: the launch token, which earns the detailed failure text. */
  headers?: () => Record<string, string>;
  onProgress?: (p: LaunchProgress) => void;
  /** Told about every gate result (the app keeps the last health answer). */
  onGate?: (result: GateResult, ready: ListeningEvent) => void;
  /** The packaged app's version: a backend reporting another one is not used. */
  expectedVersion?: string;
}

export function backendSpec(opts: BackendSpecOptions): SidecarSpec<BackendEvent, ListeningEvent> {
  return {
    name: 'backend',
    command: opts.command,
    settings: opts.settings,
    eventSchema: BackendEventSchema,
    isReady: (e): e is ListeningEvent => e.event === 'listening',
    asFatal: (e) => (e.event === 'fatal' ? { code: e.code, message: e.message } : null),
    async confirm(proc, ready) {
      const mismatch = sidecarVersionFailure('backend', ready.version, opts.expectedVersion);
      if (mismatch) return mismatch;
      opts.onProgress?.({ step: 'spawning', state: 'done' });
      const result = await runHealthGate(healthUrl(backendBaseUrl(ready)), opts.gate(), {
        fetch: opts.fetch,
        headers: opts.headers?.(),
        onProgress: opts.onProgress,
        process: { exited: proc.exited, stderrTail: () => proc.stderrTail() },
      });
      opts.onGate?.(result, ready);
      return result.ok ? null : result.failure;
    },
  };
}
