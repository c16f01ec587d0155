// One plain sentence (and a next step) for every way preparing the speech model can fail. The
// worker's own message stays as `detail`: it names paths and sizes, which helps an administrator.
import type { ModelFailure } from '../../contract/model';
import type { TranscriberErrorCode } from '../../contract/transcriber';

/** Failures of the worker process itself rather than of one request. */
export type WorkerFailureCode = 'worker_unavailable' | 'worker_exited';

type Sentence = { message: string; hint?: string };

const SENTENCES: Record<TranscriberErrorCode | WorkerFailureCode, Sentence> = {
  model_not_found: {
    message: 'The speech model named in the settings does not exist.',
    hint: 'Check the model name in Settings: a size such as “small”, a model id, or a folder that holds model.bin.',
  },
  offline_model_missing: {
    message: 'Offline mode is on, and the speech model is not on this computer yet.',
    hint: 'Turn offline mode off to download it, or ask your administrator to copy the model into the model folder.',
  },
  download_failed: {
    message: 'The speech model could not be downloaded.',
    hint: 'Check the internet connection (or the mirror address in Settings) and try again: the download continues where it stopped.',
  },
  disk_full: {
    message: 'There is not enough free disk space for the speech model.',
    hint: 'Free some space, or choose a model folder on another drive in Settings, then try again.',
  },
  write_failed: {
    message: 'The audio could not be written to its working folder.',
    hint: 'Check that the folder still exists and that you may write to it, then try again.',
  },
  cancelled: {
    message: 'The speech model download was cancelled.',
    hint: 'Download it again whenever you like: it continues where it stopped.',
  },
  model_load_failed: {
    message: 'The speech model is on this computer but could not be opened.',
    hint: 'The files may be damaged or in the wrong format. Delete the model folder and download it again.',
  },
  busy: {
    message: 'The speech worker is busy with another task.',
    hint: 'Wait until it has finished, then try again.',
  },
  invalid_request: {
    message: 'The speech worker did not understand a request from the app.',
    hint: 'Restart the app. If it happens again, send the logs to your administrator.',
  },
  unknown_target: {
    message: 'There was nothing to cancel.',
  },
  file_not_found: {
    message: 'The recording to transcribe could not be found.',
    hint: 'It may have been moved or deleted.',
  },
  audio_decode_failed: {
    message: 'The recording could not be read as audio.',
    hint: 'The file may be damaged, empty or not an audio file.',
  },
  transcription_failed: {
    message: 'The recording could not be transcribed.',
    hint: 'Try again. If it happens again, send the logs to your administrator.',
  },
  internal_error: {
    message: 'The speech worker ran into an unexpected problem.',
    hint: 'Try again. If it happens again, send the logs to your administrator.',
  },
  worker_unavailable: {
    message: 'The speech worker could not be started.',
    hint: 'Show the logs to see why. Reinstalling the app usually fixes a missing worker.',
  },
  worker_exited: {
    message: 'The speech worker stopped unexpectedly.',
    hint: 'Try again: the app restarts it. If it happens again, show the logs.',
  },
};

/** The failure for a worker error code (unknown codes get the generic sentence). */
export function modelFailure(code: string, detail?: string): ModelFailure {
  const sentence = SENTENCES[code as keyof typeof SENTENCES] ?? SENTENCES.internal_error;
  return {
    code,
    message: sentence.message,
    ...(sentence.hint ? { hint: sentence.hint } : {}),
    ...(detail ? { detail } : {}),
  };
}
