// Launch progress and the state machine the startup screen follows (`app:getLaunchState`,
// `app:retryLaunch`, the `launch:progress` event). Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { AppStatusSchema } from './app';
import { ConfigSourceSchema, FailureSchema, ProblemSchema, SecretFieldSchema } from './common';
import { ConfigSchema } from './config';

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
    // The record is tried first so the values pass as they are: `ConfigSchema.partial()` would fill
    // in defaults the file does not have (the dispatcher sends the parsed result). It gives the type.
    prefill: z.record(z.string(), z.unknown()).or(ConfigSchema.partial()),
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
