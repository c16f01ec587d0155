// Everything main needs for the speech model, built once by createMainApp: the transcriber
// worker under the generic supervisor, the model service on top, and its IPC handlers. The
// worker reads config.json's `whisper` section when it starts; a load after that section
// changed (settings saved) restarts the worker first, so the new model, folder or mirror is used.
import type { Emit } from '../../contract/ipc';
import {
  TranscriberSettingsSchema,
  type TranscriberEvent,
  type TranscriberReadyEvent,
  type TranscriberSettings,
} from '../../contract/transcriber';
import type { SidecarCommand } from '../sidecar/command';
import type { StopTimeouts } from '../sidecar/process';
import { Supervisor, type RestartPolicy } from '../sidecar/supervisor';
import { transcriberSpec } from '../sidecar/transcriber-spec';
import { createModelHandlers, type ModelHandlers } from './model-handlers';
import { createModelService, type ModelService } from './model-service';

export interface TranscriberDeps {
  command: () => SidecarCommand;
  /** config.json's `whisper` section as it is now (the config in use, or the defaults). */
  whisper: () => Promise<unknown>;
  emit: Emit;
  logsDir: string;
  restart?: Partial<RestartPolicy>;
  stopTimeouts?: StopTimeouts;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  now?: () => number;
  /** Set in a packaged app: the transcriber must report this version. */
  expectedVersion?: string;
}

export interface Transcriber {
  supervisor: Supervisor<TranscriberEvent, TranscriberReadyEvent>;
  model: ModelService;
  handlers: ModelHandlers;
  /** Cancels a running load and stops the worker. */
  stop(): Promise<void>;
}

async function currentSettings(whisper: () => Promise<unknown>): Promise<TranscriberSettings> {
  return TranscriberSettingsSchema.parse(await whisper());
}

export function createTranscriber(deps: TranscriberDeps): Transcriber {
  let started: string | null = null; // the settings line of the running worker
  const supervisor = new Supervisor(
    transcriberSpec({
      command: deps.command,
      settings: async () => {
        const settings = await currentSettings(deps.whisper);
        started = JSON.stringify(settings);
        return settings;
      },
      expectedVersion: deps.expectedVersion,
    }),
    {
      emit: deps.emit,
      logsDir: deps.logsDir,
      restart: deps.restart,
      stopTimeouts: deps.stopTimeouts,
      readyTimeoutMs: deps.readyTimeoutMs,
    },
  );
  const model = createModelService({ worker: supervisor, emit: deps.emit, log: deps.log, now: deps.now });
  const handlers = createModelHandlers(model, {
    beforeLoad: async () => {
      // A load already running keeps its worker; the next load after it picks up new settings.
      if (!supervisor.process || started === null || model.status().state === 'downloading') return;
      let now: string;
      try {
        now = JSON.stringify(await currentSettings(deps.whisper));
      } catch {
        return; // the worker's own start will report the invalid settings
      }
      if (now !== started) {
        deps.log?.('[model] whisper settings changed: restarting the transcriber');
        await supervisor.stop();
      }
    },
  });
  return { supervisor, model, handlers, stop: () => model.stop() };
}
