// What sidecars print on stdout: one JSON object per line, each with an `event` field.
// The backend's events live here; the transcriber's in ./transcriber.ts. Browser-safe.
import { z } from 'zod';
import { zHealthResponse } from './api/zod.gen';

export const SIDECAR_NAMES = ['backend', 'transcriber'] as const;
export const SidecarNameSchema = z.enum(SIDECAR_NAMES);
export type SidecarName = z.infer<typeof SidecarNameSchema>;

export const ListeningEventSchema = z.object({
  event: z.literal('listening'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  /** The port asked for; differs from `port` when it was taken (`fallback: true`). */
  requestedPort: z.number().int().optional(),
  fallback: z.boolean().optional(),
  mode: z.enum(['setup', 'normal']).optional(),
  version: z.string().optional(),
});
export type ListeningEvent = z.infer<typeof ListeningEventSchema>;

/** A sidecar that cannot go on says why before it exits (e.g. `invalid_settings`, exit code 2). */
export const FatalEventSchema = z.object({
  event: z.literal('fatal'),
  code: z.string().min(1),
  message: z.string(),
});
export type FatalEvent = z.infer<typeof FatalEventSchema>;

/** Said before a clean exit (e.g. `stdin_closed`, `sigterm`). */
export const StoppingEventSchema = z.object({ event: z.literal('stopping'), reason: z.string().optional() });

export const BackendEventSchema = z.discriminatedUnion('event', [
  ListeningEventSchema,
  FatalEventSchema,
  StoppingEventSchema,
]);
export type BackendEvent = z.infer<typeof BackendEventSchema>;

/** The settings line written to the backend's stdin: the config's `backend` object + launchToken. */
export const BackendSettingsLineSchema = z.looseObject({
  launchToken: z.string().min(16),
  host: z.string(),
  port: z.number().int().min(0).max(65535),
});
export type BackendSettingsLine = z.infer<typeof BackendSettingsLineSchema>;

/**
 * GET /api/health: 200 `ok`, or 503 `degraded` when the database is down, or its schema is too
 * old for this app and its account may not migrate it (`schema_outdated`), or too new
 * (`schema_too_new`: the app must be updated). Normal mode only. Generated from the backend's
 * `HealthPublic` model (docs/api/openapi.json, `npm run api:generate`).
 */
export const HealthSchema = zHealthResponse;
export type Health = z.infer<typeof HealthSchema>;
