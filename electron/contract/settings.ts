// Saving and viewing the config (`config:*`, `wizard:*`): wizard Finish and settings Save share one
// pipeline. Also the wizard's draft and the administrator's policy as the screens see it.
// Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import {
  ConfigSourceSchema,
  FailureSchema,
  ProblemSchema,
  SecretFieldSchema,
  SecretsInputSchema,
} from './common';
import { ConfigSchema, LockedFieldsSchema } from './config';
import { LaunchStateSchema } from './launch';

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
