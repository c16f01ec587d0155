// The IPC contract between the renderer and Electron main: one map from channel to the zod
// schemas of its argument and result, plus the events main pushes to the renderer.
// Main parses every argument with these schemas; the renderer reuses them for form validation.
// Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { zAuthCheckFailure, zDatabaseCheckFailure, zDifyCheckFailure } from './api/zod.gen';
import { ConfigSchema, LockedFieldsSchema, SECRET_FIELDS } from './config';
import { DATABASE_SSL_MODES } from './config-fields';
import { ModelStatusSchema } from './model';
import { sessionContract, sessionEvents } from './session';

export * from './model';
import { HealthSchema } from './sidecar';

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

export const SecretFieldSchema = z.enum(SECRET_FIELDS);

/** Secrets typed by the user. Absent field = keep what the keychain already has. */
export const SecretsInputSchema = z.partialRecord(SecretFieldSchema, z.string().min(1).max(4096));
export type SecretsInput = z.infer<typeof SecretsInputSchema>;

export const ProblemSchema = z.object({ path: z.string(), message: z.string() });
export type Problem = z.infer<typeof ProblemSchema>;

export const ConfigSourceSchema = z.object({
  kind: z.enum(['env', 'user', 'admin', 'none']),
  /** The file read (or, for `none`, the file that will be written). */
  path: z.string(),
});
export type ConfigSource = z.infer<typeof ConfigSourceSchema>;

/** One plain-language failure: `code` for logic, `message` for people. */
export const FailureSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});
export type Failure = z.infer<typeof FailureSchema>;

// The backend's GET /api/health answer is part of the sidecar protocol; re-exported here.
export { HealthSchema, type Health } from './sidecar';

export const AppStatusSchema = z.object({
  mode: z.enum(['embedded', 'server']),
  /** The real base URL the renderer must use, e.g. http://127.0.0.1:8123/api */
  apiBaseUrl: z.string(),
  health: HealthSchema,
  config: ConfigSourceSchema,
  appVersion: z.string(),
  logsDir: z.string(),
  /** ISO timestamp of the moment the gate passed. */
  readySince: z.string(),
  /** Packaged builds: the commit and the bundled sidecars' versions (absent in development). */
  build: z
    .object({ commit: z.string().nullable(), sidecars: z.record(z.string(), z.string().nullable()) })
    .optional(),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Launch progress and the state machine the startup screen follows
// ---------------------------------------------------------------------------------------------

export const LaunchStepSchema = z.enum([
  'config',
  'keychain',
  'spawning',
  'waiting',
  'database',
  'model',
  'ready',
]);
export type LaunchStep = z.infer<typeof LaunchStepSchema>;

export const LaunchProgressSchema = z.object({
  step: LaunchStepSchema,
  state: z.enum(['active', 'done', 'failed']),
  /** For `waiting`: attempt n of N. */
  attempt: z.number().int().optional(),
  attempts: z.number().int().optional(),
  failure: FailureSchema.optional(),
});
export type LaunchProgress = z.infer<typeof LaunchProgressSchema>;

export const LaunchFailureSchema = FailureSchema.extend({
  exitCode: z.number().int().nullable().optional(),
  stderrTail: z.array(z.string()).optional(),
});
export type LaunchFailure = z.infer<typeof LaunchFailureSchema>;

/** What the renderer should show. Main owns the decision (launch decision tree). */
export const LaunchStateSchema = z.discriminatedUnion('screen', [
  z.object({ screen: z.literal('starting'), progress: z.array(LaunchProgressSchema) }),
  z.object({
    screen: z.literal('wizard'),
    /** Non-secret values to pre-fill (administrator's incomplete file, or a saved draft). */
    prefill: ConfigSchema.partial().or(z.record(z.string(), z.unknown())),
    secretsStored: z.array(SecretFieldSchema),
    source: ConfigSourceSchema,
    /** Where Finish will write config.json. */
    targetPath: z.string(),
    /** Why the wizard opened for an existing file (e.g. an administrator's file lacking values). */
    problems: z.array(ProblemSchema).optional(),
  }),
  z.object({
    screen: z.literal('invalid-config'),
    problems: z.array(ProblemSchema),
    source: ConfigSourceSchema,
    /** The file's values (secrets stripped) to pre-fill the settings screen; absent when not JSON. */
    prefill: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ screen: z.literal('keychain-unavailable'), failure: FailureSchema }),
  z.object({
    screen: z.literal('failed'),
    failure: LaunchFailureSchema,
    progress: z.array(LaunchProgressSchema),
    /** True when a previous working config (config.json.bak) can be restored. */
    canRestore: z.boolean(),
  }),
  z.object({ screen: z.literal('ready'), status: AppStatusSchema }),
]);
export type LaunchState = z.infer<typeof LaunchStateSchema>;

// ---------------------------------------------------------------------------------------------
// Connection tests (run through the backend sidecar in setup mode)
// ---------------------------------------------------------------------------------------------

// Each check's codes: the backend's (generated from its pydantic models, the single list), plus
// the ones main answers itself: `backend_unavailable` (no backend to ask) and `unknown` (an answer
// in an unexpected form).
export const DatabaseTestCodeSchema = z.enum([
  ...zDatabaseCheckFailure.shape.code.options,
  'backend_unavailable',
]);
export type DatabaseTestCode = z.infer<typeof DatabaseTestCodeSchema>;
export const DifyTestCodeSchema = z.enum([
  ...zDifyCheckFailure.shape.code.options,
  'backend_unavailable',
  'unknown',
]);
export type DifyTestCode = z.infer<typeof DifyTestCodeSchema>;
export const AuthTestCodeSchema = z.enum([
  ...zAuthCheckFailure.shape.code.options,
  'backend_unavailable',
  'unknown',
]);
export type AuthTestCode = z.infer<typeof AuthTestCodeSchema>;
/** Server mode's address test runs in main (setup:testServer). */
export const SERVER_TEST_CODES = [
  'invalid_url',
  'not_meeting_backend',
  'timeout',
  'dns_failed',
  'connection_refused',
  'unreachable',
] as const;
export const ServerTestCodeSchema = z.enum(SERVER_TEST_CODES);
export type ServerTestCode = z.infer<typeof ServerTestCodeSchema>;

export const TestDatabaseArgsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  user: z.string().min(1),
  /** Omitted: use the password already stored in the keychain (settings screen). */
  password: z.string().max(4096).optional(),
  database: z.string().min(1),
  /** TLS as the app will use it (`backend.database.ssl` / `sslCa`); the backend's default when omitted. */
  ssl: z.enum(DATABASE_SSL_MODES).optional(),
  sslCa: z.string().max(4096).optional(),
  timeoutSeconds: z.number().int().min(1).max(30).optional(),
});
export type TestDatabaseArgs = z.infer<typeof TestDatabaseArgsSchema>;

export const TestDatabaseResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), serverVersion: z.string(), latencyMs: z.number() }),
  z.object({
    ok: z.literal(false),
    code: DatabaseTestCodeSchema,
    message: z.string(),
    hint: z.string().optional(),
  }),
]);
export type TestDatabaseResult = z.infer<typeof TestDatabaseResultSchema>;

export const TestDifyArgsSchema = z.object({
  difyApiUrl: z.string().min(1),
  /** Which key is tested; its value comes from `apiKey`, or from the keychain when omitted. */
  keyField: z.enum(['backend.externalApis.difyApiKey', 'backend.externalApis.difySttApiKey']),
  apiKey: z.string().max(4096).optional(),
});
export type TestDifyArgs = z.infer<typeof TestDifyArgsSchema>;

export const TestDifyResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), speechToText: z.boolean(), latencyMs: z.number().optional() }),
  z.object({
    ok: z.literal(false),
    code: DifyTestCodeSchema,
    message: z.string(),
    hint: z.string().optional(),
  }),
]);
export type TestDifyResult = z.infer<typeof TestDifyResultSchema>;

export const TestAuthArgsSchema = z.object({ authApiUrl: z.string().min(1) });
export const ReachabilityResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: z.number().int().optional(), latencyMs: z.number().optional() }),
  z.object({
    ok: z.literal(false),
    code: AuthTestCodeSchema,
    message: z.string(),
    hint: z.string().optional(),
  }),
]);
export type ReachabilityResult = z.infer<typeof ReachabilityResultSchema>;

/** Server mode: check `${apiBaseUrl}/health` of the company's backend. */
export const TestServerArgsSchema = z.object({ apiBaseUrl: z.string().min(1) });
export const TestServerResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), health: HealthSchema, latencyMs: z.number() }),
  z.object({
    ok: z.literal(false),
    code: ServerTestCodeSchema,
    message: z.string(),
    hint: z.string().optional(),
  }),
]);
export type TestServerResult = z.infer<typeof TestServerResultSchema>;

// ---------------------------------------------------------------------------------------------
// Saving (wizard Finish and settings Save share one pipeline)
// ---------------------------------------------------------------------------------------------

export const SaveArgsSchema = z.object({
  /** The whole config as edited; secret fields in it are ignored (use `secrets`). */
  config: z.unknown(),
  secrets: SecretsInputSchema,
});
export type SaveArgs = z.infer<typeof SaveArgsSchema>;

export const SaveStageSchema = z.enum(['validate', 'secrets', 'write', 'backend', 'health']);
export type SaveStage = z.infer<typeof SaveStageSchema>;

export const SaveResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), state: LaunchStateSchema }),
  z.object({
    ok: z.literal(false),
    stage: SaveStageSchema,
    failure: FailureSchema,
    problems: z.array(ProblemSchema),
    /** True when the previous config is still the one on disk. */
    previousKept: z.boolean(),
    canRestore: z.boolean(),
  }),
]);
export type SaveResult = z.infer<typeof SaveResultSchema>;

export const ConfigViewSchema = z.object({
  /** Secrets stripped. */
  config: ConfigSchema,
  source: ConfigSourceSchema,
  secretsStored: z.array(SecretFieldSchema),
  warnings: z.array(ProblemSchema),
});
export type ConfigView = z.infer<typeof ConfigViewSchema>;

export const LogsTailArgsSchema = z.object({
  sidecar: z.enum(['backend', 'transcriber', 'app']),
  lines: z.number().int().min(1).max(2000).default(200),
});
export const LogsTailResultSchema = z.object({ path: z.string(), lines: z.array(z.string()) });

export const DraftSchema = z.object({
  step: z.string().max(64),
  /** Non-secret values only; main strips secret fields before it persists anything. */
  values: z.record(z.string(), z.unknown()),
  savedAt: z.string(),
});
export type Draft = z.infer<typeof DraftSchema>;

/** What the wizard and settings need to know about the administrator's policy and this build. */
export const PolicyViewSchema = z.object({
  /** Dotted path -> locked value (machine-wide policy.json); shown read-only. */
  locked: LockedFieldsSchema,
  /** false in a build without --embedded-backend: only server mode is offered. */
  backendBundled: z.boolean(),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

/** "Save diagnostics…": a zip of redacted logs, config without secrets, policy, versions, health. */
export const DiagnosticsExportResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), path: z.string(), bytes: z.number().int() }),
  /** The user closed the save dialog. */
  z.object({ saved: z.literal(false) }),
]);
export type DiagnosticsExportResult = z.infer<typeof DiagnosticsExportResultSchema>;

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

/** What main sends back for every invoke: the preload passes it through unchanged. */
export const IpcErrorSchema = z.object({ code: z.string(), message: z.string() });
export type IpcErrorShape = z.infer<typeof IpcErrorSchema>;
export type IpcEnvelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorShape };

/** The one place the plumbing codes live; the renderer maps each to a sentence (i18n). */
export const IPC_ERROR_CODES = [
  'invalid_arguments',
  'forbidden_sender',
  'unknown_channel',
  'internal',
] as const;

/** Thrown in the renderer when main answers `{ok:false}`. */
/**
 * A handler refused to send a stored secret (database password, Dify key) to a destination other
 * than the one it was saved for: the renderer asks for the secret again.
 */
export const SECRET_DESTINATION_CHANGED = 'secret_destination_changed';

/** Codes a handler answers with (HandlerError in main); each has a sentence in the renderer. */
export const HANDLER_ERROR_CODES = ['not_ready', 'unsafe_url', SECRET_DESTINATION_CHANGED] as const;
export type HandlerErrorCode = (typeof HANDLER_ERROR_CODES)[number];
/** Every code an IPC call can fail with. */
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number] | HandlerErrorCode;

export class IpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

/** The handler map main registers with ipcMain and the e2e tests bind into Chromium. */
export type IpcHandlers = { [C in Channel]: (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> };

// ---------------------------------------------------------------------------------------------
// Events pushed from main to the renderer
// ---------------------------------------------------------------------------------------------

export const SidecarStatusSchema = z.object({
  sidecar: z.enum(['backend', 'transcriber']),
  state: z.enum(['starting', 'running', 'crashed', 'restarting', 'gave-up', 'stopped']),
  exitCode: z.number().int().nullable().optional(),
  attempt: z.number().int().optional(),
  maxAttempts: z.number().int().optional(),
  message: z.string().optional(),
});
export type SidecarStatus = z.infer<typeof SidecarStatusSchema>;

export const ModelProgressSchema = z.object({
  file: z.string(),
  downloadedBytes: z.number(),
  totalBytes: z.number(),
  bytesPerSecond: z.number(),
  /** Set once the server has ignored `Range` during this load: the bytes counted from 0 again. */
  restarted: z.enum(['range_ignored']).optional(),
});
export type ModelProgress = z.infer<typeof ModelProgressSchema>;

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
