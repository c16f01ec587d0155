// The IPC contract between the renderer and Electron main: one map from channel to the zod
// schemas of its argument and result, plus the events main pushes to the renderer. The shapes
// live in one file per domain (app, launch, setup, settings, diagnostics, model, session); this
// file re-exports them so `contract/ipc` stays the one import for callers.
// Main parses every argument and result with these schemas; the renderer reuses them for form
// validation. Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { AppStatusSchema, SidecarStatusSchema } from './app';
import { DiagnosticsExportResultSchema, LogsTailArgsSchema, LogsTailResultSchema } from './diagnostics';
import type { IpcEnvelope } from './ipc-errors';
import { LaunchProgressSchema, LaunchStateSchema } from './launch';
import { ModelProgressSchema, ModelStatusSchema } from './model';
import { sessionContract, sessionEvents } from './session';
import {
  ConfigViewSchema,
  DraftSchema,
  PolicyViewSchema,
  SaveArgsSchema,
  SaveResultSchema,
} from './settings';
import {
  ReachabilityResultSchema,
  TestAuthArgsSchema,
  TestDatabaseArgsSchema,
  TestDatabaseResultSchema,
  TestDifyArgsSchema,
  TestDifyResultSchema,
  TestServerArgsSchema,
  TestServerResultSchema,
} from './setup';

export * from './app';
export * from './common';
export * from './diagnostics';
export * from './ipc-errors';
export * from './launch';
export * from './model';
export * from './settings';
export * from './setup';

// ---------------------------------------------------------------------------------------------
// The channel map
// ---------------------------------------------------------------------------------------------

const none = z.void();

export const ipcContract = {
  'app:getLaunchState': { args: none, result: LaunchStateSchema },
  'app:retryLaunch': { args: none, result: LaunchStateSchema },
  'app:getStatus': { args: none, result: AppStatusSchema },
  'config:get': { args: none, result: ConfigViewSchema },
  'config:save': { args: SaveArgsSchema, result: SaveResultSchema },
  'config:restoreBackup': { args: none, result: LaunchStateSchema },
  'setup:testDatabase': { args: TestDatabaseArgsSchema, result: TestDatabaseResultSchema },
  'setup:testDify': { args: TestDifyArgsSchema, result: TestDifyResultSchema },
  'setup:testAuth': { args: TestAuthArgsSchema, result: ReachabilityResultSchema },
  'setup:testServer': { args: TestServerArgsSchema, result: TestServerResultSchema },
  'wizard:loadDraft': { args: none, result: DraftSchema.nullable() },
  'wizard:saveDraft': { args: DraftSchema, result: none },
  'wizard:clearDraft': { args: none, result: none },
  'wizard:finish': { args: SaveArgsSchema, result: SaveResultSchema },
  'logs:tail': { args: LogsTailArgsSchema, result: LogsTailResultSchema },
  'logs:openFolder': { args: none, result: none },
  // The speech model (transcriber sidecar): a failed or cancelled load is a status, not an error.
  'model:load': { args: none, result: ModelStatusSchema },
  'model:cancel': { args: none, result: ModelStatusSchema },
  'model:getStatus': { args: none, result: ModelStatusSchema },
  'shell:openExternal': { args: z.object({ url: z.string().url() }), result: none },
  'diagnostics:export': { args: none, result: DiagnosticsExportResultSchema },
  'config:policy': { args: none, result: PolicyViewSchema },
  ...sessionContract,
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export type Channel = keyof typeof ipcContract;
export const CHANNELS = Object.keys(ipcContract) as Channel[];
export type ArgsOf<C extends Channel> = z.input<(typeof ipcContract)[C]['args']>;
export type ParsedArgsOf<C extends Channel> = z.output<(typeof ipcContract)[C]['args']>;
export type ResultOf<C extends Channel> = z.output<(typeof ipcContract)[C]['result']>;

/** The handler map main registers with ipcMain and the e2e tests bind into Chromium. */
export type IpcHandlers = { [C in Channel]: (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> };

// ---------------------------------------------------------------------------------------------
// Events pushed from main to the renderer
// ---------------------------------------------------------------------------------------------

export const eventContract = {
  'launch:progress': LaunchProgressSchema,
  'sidecar:status': SidecarStatusSchema,
  'model:progress': ModelProgressSchema,
  ...sessionEvents,
} as const;
export type EventName = keyof typeof eventContract;
export type EventPayload<E extends EventName> = z.infer<(typeof eventContract)[E]>;
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

// ---------------------------------------------------------------------------------------------
// The API the preload exposes as `window.meetingAssistant`
// ---------------------------------------------------------------------------------------------

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type Invoker<C extends Channel> = (args: ArgsOf<C>) => Promise<IpcEnvelope<ResultOf<C>>>;

/**
 * `window.meetingAssistant.setup.testDatabase(args)` etc.: one named method per channel, each
 * answering the raw envelope (errors cannot cross contextBridge with their fields intact).
 * `renderer/ipc.ts` unwraps envelopes and throws IpcError.
 */
export type PreloadApi = {
  [D in DomainOf<Channel>]: { [C in Channel as C extends `${D}:${infer A}` ? A : never]: Invoker<C> };
} & {
  events: {
    [
      E in EventName as `on${Capitalize<E extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : never>}`
    ]: (listener: (payload: EventPayload<E>) => void) => () => void;
  };
};

/** `setup:testDatabase` -> ['setup', 'testDatabase']. */
export function splitChannel(channel: Channel): [string, string] {
  const i = channel.indexOf(':');
  return [channel.slice(0, i), channel.slice(i + 1)];
}

/** `launch:progress` -> `onLaunchProgress`. */
export function eventMethodName(event: EventName): string {
  const [a, b] = event.split(':') as [string, string];
  return `on${a.charAt(0).toUpperCase()}${a.slice(1)}${b.charAt(0).toUpperCase()}${b.slice(1)}`;
}

export const PRELOAD_GLOBAL = 'meetingAssistant';
