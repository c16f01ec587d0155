// The transcriber sidecar's protocol (sidecars/transcriber, ARCHITECTURE.md "Transcriber protocol").
// stdin: one settings line, then one request per line (here). stdout: one event per line
// (transcriber-events.ts, re-exported here).
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

export * from './transcriber-events';
