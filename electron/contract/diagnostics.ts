// The `logs:*` and `diagnostics:*` channels' shapes. Browser-safe: no Node or Electron imports.
import { z } from 'zod';

export const LogsTailArgsSchema = z.object({
  sidecar: z.enum(['backend', 'transcriber', 'app']),
  lines: z.number().int().min(1).max(2000).default(200),
});
export const LogsTailResultSchema = z.object({ path: z.string(), lines: z.array(z.string()) });

/** "Save diagnostics…": a zip of redacted logs, config without secrets, policy, versions, health. */
export const DiagnosticsExportResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), path: z.string(), bytes: z.number().int() }),
  /** The user closed the save dialog. */
  z.object({ saved: z.literal(false) }),
]);
export type DiagnosticsExportResult = z.infer<typeof DiagnosticsExportResultSchema>;
