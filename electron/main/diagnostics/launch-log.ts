// The steps of the last launch for the diagnostics bundle: every launch:progress and
// sidecar:status event, with its time. A new launch (its first `config` step) starts a new list.
import type { EventName } from '../../contract/ipc';

const MAX_ENTRIES = 200;

export interface LaunchLog {
  record(event: EventName, payload: unknown): void;
  entries(): Array<{ at: string; event: EventName; payload: unknown }>;
}

export function createLaunchLog(now: () => Date = () => new Date()): LaunchLog {
  let list: Array<{ at: string; event: EventName; payload: unknown }> = [];
  return {
    record(event, payload) {
      if (event !== 'launch:progress' && event !== 'sidecar:status') return;
      const p = payload as { step?: string; state?: string };
      if (event === 'launch:progress' && p.step === 'config' && p.state === 'active') list = [];
      list.push({ at: now().toISOString(), event, payload });
      if (list.length > MAX_ENTRIES) list = list.slice(-MAX_ENTRIES);
    },
    entries: () => [...list],
  };
}
