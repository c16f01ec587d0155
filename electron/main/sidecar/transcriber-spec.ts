// The transcriber sidecar as the supervisor sees it: ready on `{"event":"ready"}`; no HTTP, so no
// health gate. Requests go through `supervisor.process.send(...)`; events through `onEvent`.
import {
  TranscriberEventSchema,
  type TranscriberEvent,
  type TranscriberReadyEvent,
  type TranscriberSettings,
} from '../../contract/transcriber';
import type { SidecarCommand } from './command';
import type { SidecarSpec } from './supervisor';
import { sidecarVersionFailure } from './version-check';

export interface TranscriberSpecOptions {
  command: () => SidecarCommand;
  /** config.json's `whisper` section, read at each (re)start. */
  settings: () => Promise<TranscriberSettings>;
  /** The packaged app's version: a transcriber reporting another one is not used. */
  expectedVersion?: string;
}

export function transcriberSpec(
  opts: TranscriberSpecOptions,
): SidecarSpec<TranscriberEvent, TranscriberReadyEvent> {
  return {
    name: 'transcriber',
    command: opts.command,
    // The whisper section holds no secrets; hubEndpoint could carry none either (no credentials in URLs).
    settings: async () => ({ line: { ...(await opts.settings()) }, secrets: [] }),
    eventSchema: TranscriberEventSchema,
    isReady: (e): e is TranscriberReadyEvent => e.event === 'ready',
    asFatal: (e) => (e.event === 'fatal' ? { code: e.code, message: e.message } : null),
    confirm: async (_proc, ready) =>
      sidecarVersionFailure('transcriber', ready.version, opts.expectedVersion),
  };
}
