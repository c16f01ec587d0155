// The transcriber sidecar's stdout events, one per line (ARCHITECTURE.md "Transcriber protocol"),
// and its error codes. transcriber.ts (settings line and requests) re-exports these.
// Browser-safe: no Node or Electron imports.
import { z } from 'zod';

export const TranscriberReadyEventSchema = z.object({
  event: z.literal('ready'),
  /** The worker's version; a packaged app refuses a transcriber of another version. */
  version: z.string().optional(),
});
export type TranscriberReadyEvent = z.infer<typeof TranscriberReadyEventSchema>;

/** Before exiting with code 2, e.g. `invalid_settings` (message lists every problem). */
export const TranscriberFatalEventSchema = z.object({
  event: z.literal('fatal'),
  code: z.string().min(1),
  message: z.string(),
});
export type TranscriberFatalEvent = z.infer<typeof TranscriberFatalEventSchema>;

/**
 * Byte progress of one file, at most every ~100 ms per file plus its first and last update.
 * Every file is announced once before any bytes move (with bytes already on disk), so the sum of
 * `totalBytes` over files is known early.
 */
export const DownloadProgressEventSchema = z.object({
  event: z.literal('download_progress'),
  id: z.string(),
  file: z.string(),
  downloadedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type DownloadProgressEvent = z.infer<typeof DownloadProgressEventSchema>;

/**
 * The server ignored `Range` and sent the whole file, so `file` counts from 0 again (the next
 * `download_progress` is lower than the last). The progress bar says the server can't resume.
 */
export const DownloadRestartedEventSchema = z.object({
  event: z.literal('download_restarted'),
  id: z.string(),
  file: z.string(),
  reason: z.enum(['range_ignored']),
});
export type DownloadRestartedEvent = z.infer<typeof DownloadRestartedEventSchema>;

/** The model is on disk at `path` and loaded in memory. */
export const ModelReadyEventSchema = z.object({
  event: z.literal('model_ready'),
  id: z.string(),
  path: z.string(),
});
export type ModelReadyEvent = z.infer<typeof ModelReadyEventSchema>;

/**
 * One transcribed segment, as soon as it is decoded (times in seconds). In a stream, times count
 * from the first sample sent, and `segmentId` and `final` are set: `final: false` is the text so
 * far of speech still going on, replaced by later events with the same `segmentId`.
 */
export const SegmentEventSchema = z.object({
  event: z.literal('segment'),
  id: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  segmentId: z.number().int().nonnegative().optional(),
  final: z.boolean().optional(),
});
export type SegmentEvent = z.infer<typeof SegmentEventSchema>;

export const TranscriptionResultEventSchema = z.object({
  event: z.literal('result'),
  id: z.string(),
  text: z.string(),
  /** Detected (or forced) language code, e.g. `en`. */
  language: z.string(),
  /** Audio duration in seconds. */
  duration: z.number().nonnegative(),
});
export type TranscriptionResultEvent = z.infer<typeof TranscriptionResultEventSchema>;

/** The end of a `split`: how many chunks, and the audio's duration in seconds. */
export const SplitResultEventSchema = z.object({
  event: z.literal('result'),
  id: z.string(),
  chunks: z.number().int().positive(),
  duration: z.number().nonnegative(),
});
export type SplitResultEvent = z.infer<typeof SplitResultEventSchema>;

/** One chunk written by `split`, in order; its place in the original file in seconds. */
export const ChunkEventSchema = z.object({
  event: z.literal('chunk'),
  id: z.string(),
  path: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
});
export type ChunkEvent = z.infer<typeof ChunkEventSchema>;

export const StreamStartedEventSchema = z.object({ event: z.literal('stream_started'), id: z.string() });
export type StreamStartedEvent = z.infer<typeof StreamStartedEventSchema>;

/** The end of a stream: `segments` is the number of final segments it emitted. */
export const StreamStoppedEventSchema = z.object({
  event: z.literal('stream_stopped'),
  id: z.string(),
  segments: z.number().int().nonnegative(),
});
export type StreamStoppedEvent = z.infer<typeof StreamStoppedEventSchema>;

export const TRANSCRIBER_ERROR_CODES = [
  'invalid_request',
  'busy',
  'unknown_target',
  'model_not_found',
  'offline_model_missing',
  'download_failed',
  'disk_full',
  'write_failed',
  'model_load_failed',
  'file_not_found',
  'audio_decode_failed',
  'transcription_failed',
  'cancelled',
  'internal_error',
] as const;
export const TranscriberErrorCodeSchema = z.enum(TRANSCRIBER_ERROR_CODES);
export type TranscriberErrorCode = z.infer<typeof TranscriberErrorCodeSchema>;

/** The end of a request that failed. `id` is null when the request line had no readable id. */
export const TranscriberErrorEventSchema = z.object({
  event: z.literal('error'),
  id: z.string().nullable(),
  code: TranscriberErrorCodeSchema,
  message: z.string(),
});
export type TranscriberErrorEvent = z.infer<typeof TranscriberErrorEventSchema>;

// `result` ends both a transcribe and a split, with different fields: it sits outside the
// discriminated union (whose discriminator values must be unique).
export const TranscriberEventSchema = z.union([
  z.discriminatedUnion('event', [
    TranscriberReadyEventSchema,
    TranscriberFatalEventSchema,
    DownloadProgressEventSchema,
    DownloadRestartedEventSchema,
    ModelReadyEventSchema,
    SegmentEventSchema,
    ChunkEventSchema,
    StreamStartedEventSchema,
    StreamStoppedEventSchema,
    TranscriberErrorEventSchema,
  ]),
  TranscriptionResultEventSchema,
  SplitResultEventSchema,
]);
export type TranscriberEvent = z.infer<typeof TranscriberEventSchema>;

/**
 * Events that end a request: exactly one per request id (cancel has none unless it fails; a
 * stream's `stream_audio` and `stream_stop` share its id and its one end).
 */
export const isFinalTranscriberEvent = (
  e: TranscriberEvent,
): e is
  | ModelReadyEvent
  | TranscriptionResultEvent
  | SplitResultEvent
  | StreamStoppedEvent
  | TranscriberErrorEvent =>
  e.event === 'model_ready' || e.event === 'result' || e.event === 'stream_stopped' || e.event === 'error';
