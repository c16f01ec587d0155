// The `app:*` channels' shapes: the running app's status, and the sidecar status events.
// Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { ConfigSourceSchema } from './common';
import { HealthSchema } from './sidecar';

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

export const SidecarStatusSchema = z.object({
  sidecar: z.enum(['backend', 'transcriber']),
  state: z.enum(['starting', 'running', 'crashed', 'restarting', 'gave-up', 'stopped']),
  exitCode: z.number().int().nullable().optional(),
  attempt: z.number().int().optional(),
  maxAttempts: z.number().int().optional(),
  message: z.string().optional(),
});
export type SidecarStatus = z.infer<typeof SidecarStatusSchema>;
