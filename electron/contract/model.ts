// The speech model as the renderer sees it: what main's model service is doing right now.
// ipc.ts re-exports these for the `model:*` channels. Browser-safe: no Node or Electron imports.
import { z } from 'zod';

/** A failure the user can act on: `message` is one plain sentence, `hint` the next step. */
export const ModelFailureSchema = z.object({
  /** A transcriber error code (`offline_model_missing`, `disk_full`, ...) or `worker_*`. */
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  /** The worker's own technical wording (paths, sizes), for the details line and the logs. */
  detail: z.string().optional(),
});
export type ModelFailure = z.infer<typeof ModelFailureSchema>;

export const ModelStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  /**
   * Finding, downloading or loading the model. Bytes are summed over the model's files;
   * `totalBytes` is 0 until the worker has announced the files (then the bar is indeterminate).
   */
  z.object({
    state: z.literal('downloading'),
    file: z.string(),
    downloadedBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
    bytesPerSecond: z.number().nonnegative(),
    /** The server ignored `Range`, so a file started over from 0 ("This server can't resume"). */
    restarted: z.enum(['range_ignored']).optional(),
  }),
  z.object({ state: z.literal('ready'), path: z.string() }),
  z.object({ state: z.literal('failed'), ...ModelFailureSchema.shape }),
  z.object({ state: z.literal('cancelled') }),
]);
export type ModelStatus = z.infer<typeof ModelStatusSchema>;
export type ModelState = ModelStatus['state'];

export const ModelProgressSchema = z.object({
  file: z.string(),
  downloadedBytes: z.number(),
  totalBytes: z.number(),
  bytesPerSecond: z.number(),
  /** Set once the server has ignored `Range` during this load: the bytes counted from 0 again. */
  restarted: z.enum(['range_ignored']).optional(),
});
export type ModelProgress = z.infer<typeof ModelProgressSchema>;
