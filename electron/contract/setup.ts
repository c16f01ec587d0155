// Connection tests (`setup:*`), run through the backend sidecar in setup mode, except the server
// address test that main runs itself. Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { zAuthCheckFailure, zDatabaseCheckFailure, zDifyCheckFailure } from './api/zod.gen';
import { DATABASE_SSL_MODES } from './config-fields';
import { HealthSchema } from './sidecar';

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
