// Shapes several IPC domains share: secrets as typed, problems, where the config came from, and
// the plain-language failure. Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { SECRET_FIELDS } from './config';

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
