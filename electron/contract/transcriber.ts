// The transcriber sidecar's protocol (sidecars/transcriber, ARCHITECTURE.md "Transcriber protocol").
// stdin: one settings line, then one request per line. stdout: one event per line.
// Browser-safe: no Node or Electron imports.
import { z } from 'zod';
import { WHISPER_CHINESE_SCRIPTS, WHISPER_COMPUTE_TYPES, WHISPER_DEVICES } from './config-fields';

/**
 * The settings line: config.json's `whisper` section (the worker also accepts it wrapped as
 * `{ whisper: {...}, launchToken }`). Other unknown keys are rejected with `invalid_settings`.
 * `model` is a size name (`small`, `large-v3`, ...), a Hugging Face repo id (`owner/name`) or the
 * path of a folder holding a CTranslate2 model (`model.bin`).
 */
export const TranscriberSettingsSchema = z.strictObject({
  model: z.string().min(1).default('small'),
  device: z.enum(WHISPER_DEVICES).default('auto'),
  computeType: z.enum(WHISPER_COMPUTE_TYPES).default('int8'),
  language: z.string().min(1).default('auto'),
  /** Folder for the model cache; '' is the Hugging Face default (~/.cache/huggingface/hub). */
  downloadRoot: z.string().default(''),
  /** A Hugging Face mirror; '' is HF_ENDPOINT or https://huggingface.co. */
  hubEndpoint: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  offline: z.boolean().default(false),
  /** Chinese output (language `zh`, detected or set): `traditional` is OpenCC s2twp (Taiwan). */
  chineseScript: z.enum(WHISPER_CHINESE_SCRIPTS).default('traditional'),
  /** The sidecar envelope's per-launch token; accepted and unused (the worker has no HTTP). */
  launchToken: z.string().optional(),
});
export type TranscriberSettings = z.infer<typeof TranscriberSettingsSchema>;

const RequestIdSchema = z.string().min(1).max(200);

/** Find or download the model, then load it: `download_progress`* then `model_ready`. */
export const LoadRequestSchema = z.strictObject({ id: RequestIdSchema, op: z.literal('load') });
export type LoadRequest = z.infer<typeof LoadRequestSchema>;

/** Loads the model first if needed (with `download_progress`), then `segment`* and `result`. */
export const TranscribeRequestSchema = z.strictObject({
  id: RequestIdSchema,
  op: z.literal('transcribe'),
  path: z.string().min(1),
  /** Overrides settings.language for this file; 'auto' or omitted detects it. */
  language: z.string().min(1).nullable().optional(),
});
export type TranscribeRequest = z.infer<typeof TranscribeRequestSchema>;

/**
 * Stops the running request `target`, which then ends with error code `cancelled`. The cancel
 * itself gets no reply unless nothing by that id is running (`unknown_target`).
 */
export const CancelRequestSchema = z.strictObject({
  id: RequestIdSchema,
  op: z.literal('cancel'),
  target: RequestIdSchema,
});
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

/**
 * Opens a live stream (one at a time, and not beside a load, transcribe or split: `busy`). Loads
 * the model first if needed, then `stream_started`. Audio sent before that is queued, not lost.
 */
export const StreamStartRequestSchema = z.strictObject({
  id: RequestIdSchema,
  op: z.literal('stream_start'),
  sampleRate: z.literal(16000),
  /** Overrides settings.language for this stream; 'auto' or omitted detects it per segment. */
  language: z.string().min(1).nullable().optional(),
  /** `segment` events with `final: false` for the speech still going on (default true). */
  partials: z.boolean().optional(),
});
export type StreamStartRequest = z.infer<typeof StreamStartRequestSchema>;

/** Base64 of 10 s of 16 kHz s16 audio (the worker's MAX_PCM_BASE64; the app sends ~100 ms). */
const MAX_PCM_BASE64 = Math.floor((4 * 10 * 16000 * 2) / 3) + 4;

/** 16-bit little-endian mono samples, base64 (at most 10 s a line). No reply. */
export const StreamAudioRequestSchema = z.strictObject({
  id: RequestIdSchema,
  op: z.literal('stream_audio'),
  pcm: z.base64().max(MAX_PCM_BASE64),
});
export type StreamAudioRequest = z.infer<typeof StreamAudioRequestSchema>;

/** The remaining `segment`s, then `stream_stopped`. */
export const StreamStopRequestSchema = z.strictObject({
  id: RequestIdSchema,
  op: z.literal('stream_stop'),
});
export type StreamStopRequest = z.infer<typeof StreamStopRequestSchema>;

/** Cuts an audio or video file into 16 kHz mono WAV chunks in `outDir`: `chunk`* then `result`. */
export const SplitRequestSchema = z.strictObject({
  id: RequestIdSchema,
  op: z.literal('split'),
  path: z.string().min(1),
  maxSeconds: z.number().min(10).max(3600).optional(),
  outDir: z.string().min(1),
});
export type SplitRequest = z.infer<typeof SplitRequestSchema>;

export const TranscriberRequestSchema = z.discriminatedUnion('op', [
  LoadRequestSchema,
  TranscribeRequestSchema,
  CancelRequestSchema,
  StreamStartRequestSchema,
  StreamAudioRequestSchema,
  StreamStopRequestSchema,
  SplitRequestSchema,
]);
export type TranscriberRequest = z.infer<typeof TranscriberRequestSchema>;

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
