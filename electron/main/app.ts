// createMainApp: everything the main process does, minus Electron itself. index.ts builds it
// with Electron's paths and shell; the e2e tests build the very same object and bind `dispatch`
// into Chromium with page.exposeBinding, getting the real sidecar, MariaDB and keychain.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emit, IpcHandlers, LaunchState } from '../contract/ipc';
import type { SidecarName } from '../contract/sidecar';
import type { FetchFn, GateOptions } from './health-gate';
import { APP_ORIGIN } from './app-protocol';
import { createDispatcher, type Dispatch, type SenderInfo } from './ipc/dispatch';
import { createDiagnosticsHandlers } from './ipc/diagnostics-handlers';
import { createHandlers } from './ipc/handlers';
import { createSessionHandlers } from './ipc/session-handlers';
import { createLaunchLog } from './diagnostics/launch-log';
import { diagnosticsSources, type BuildInfo } from './diagnostics/sources';
import { createConfigCore, createDefaultSecretStore } from './launch/config-port';
import { LaunchController } from './launch/controller';
import { createDraftStore } from './launch/draft';
import type { ConfigCore, SecretStore } from './launch/deps';
import { isTrustedSenderUrl, type AppOrigin } from './security-policy';
import { resolveSidecarCommand, type SidecarCommand } from './sidecar/command';
import { createRotatingLog, type LineLog } from './sidecar/log-file';
import { createKnownSecrets } from './sidecar/redact';
import type { StopTimeouts } from './sidecar/process';
import type { RestartPolicy } from './sidecar/supervisor';
import { createTranscriber } from './transcriber/create-transcriber';
import {
  createBackendAuth,
  createKeychainVault,
  createSessionManager,
  type Clock,
  type SessionManager,
  type TokenVault,
} from './session';

export interface MainAppOptions {
  /** Electron's app.getPath('userData'), or a temp folder in tests. */
  userDataDir: string;
  /** Folder of the administrator's config.json (beside the executable); null for none. */
  adminDir: string | null;
  /** The machine-wide folder (config.json, policy.json: machineConfigDir); absent/null for none. */
  machineDir?: string | null;
  /** Environment (MEETING_ASSISTANT_CONFIG is read from it). */
  env: Record<string, string | undefined>;
  /** `launch:progress`, `sidecar:status`, ... to the renderer. */
  emit: Emit;
  /** Defaults to the real keychain store. */
  secretStore?: SecretStore;
  /** Overrides how sidecars are started (default: dev venv module, or the packaged executable). */
  sidecarCommand?: (name: SidecarName) => SidecarCommand;
  packaged?: boolean;
  resourcesPath?: string;
  /** Repository root for the dev sidecar command (default: derived from this file's location). */
  repoRoot?: string;
  appVersion?: string;
  /** Packaged builds: the version both sidecars must report (else they are not used). */
  expectedSidecarVersion?: string;
  /** Which pages may call IPC (app://meeting-assistant, dev server, or the e2e preview server). */
  appOrigin?: AppOrigin;
  /** The backend's CORS list (renderer-source.ts); default: the app's own origin only. */
  corsOrigins?: string[];
  /** Overrides the sender check entirely (rarely needed; appOrigin is the usual knob). */
  isTrustedSender?: (sender: SenderInfo) => boolean;
  /** Health gate overrides (default: config `launch.healthAttempts/healthIntervalMs`, else 30 x 1000 ms). */
  gate?: Partial<GateOptions>;
  restart?: Partial<RestartPolicy>;
  stopTimeouts?: StopTimeouts;
  readyTimeoutMs?: number;
  fetch?: FetchFn;
  openPath?: (p: string) => Promise<void>;
  openExternal?: (url: string) => Promise<void>;
  onBackendOrigin?: (origin: string | null) => void;
  /** Where "Save diagnostics…" writes (the save dialog in the app); default <userData>/diagnostics/. */
  chooseDiagnosticsPath?: (suggestedName: string) => Promise<string | null>;
  /** Versions shown in About & status and the diagnostics (Electron's, the build commit). */
  buildInfo?: BuildInfo;
  /** The recordings folder (its size goes into diagnostics); default <userData>/recordings. */
  recordingsDir?: string;
  /** Replaces the config core (tests of odd situations); default: the real one on these folders. */
  configCore?: ConfigCore;
  /** Where "Keep me signed in" keeps the token; default: the keychain's `session.token` account. */
  sessionVault?: TokenVault;
  /** The session's clock and how long before expiry it refreshes (default 5 minutes). */
  sessionClock?: Clock;
  sessionRefreshBeforeMs?: number;
}

export interface MainApp {
  handlers: IpcHandlers;
  dispatch: Dispatch;
  /** Runs the launch decision and, where it applies, the health-gated backend start. */
  start(): Promise<LaunchState>;
  /** Stops every sidecar (also mid-startup). Safe to call more than once. */
  stop(): Promise<void>;
  /** Puts another supervised sidecar (e.g. the transcriber) under stop(). */
  addSidecar(sidecar: { stop(): Promise<void> }): void;
  controller: LaunchController;
  /** The signed-in session (holds the token; main's API calls take it from here). */
  session: SessionManager;
  logsDir: string;
  appLog: LineLog;
}

function defaultRepoRoot(): string {
  // electron/main/app.ts in the source tree; dist-electron/main/index.js once built.
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..');
}

export function createMainApp(opts: MainAppOptions): MainApp {
  const logsDir = path.join(opts.userDataDir, 'logs');
  // main.log gets the sidecars' redactor: every secret handed to a sidecar, in every spelling.
  const knownSecrets = createKnownSecrets();
  const appLog = createRotatingLog(path.join(logsDir, 'main.log'), { redact: knownSecrets.redact });
  const core =
    opts.configCore ??
    createConfigCore({
      env: opts.env,
      userDataDir: opts.userDataDir,
      adminDir: opts.adminDir,
      machineDir: opts.machineDir,
      backendBundled: opts.buildInfo?.backendBundled ?? true,
    });
  const secrets = opts.secretStore ?? createDefaultSecretStore();
  const repoRoot = opts.repoRoot ?? defaultRepoRoot();
  const sidecarCommand =
    opts.sidecarCommand ??
    ((name: SidecarName) =>
      resolveSidecarCommand({
        name,
        packaged: opts.packaged ?? false,
        resourcesPath: opts.resourcesPath,
        repoRoot,
      }));

  // The diagnostics bundle keeps the steps of the last launch (and of the sidecars' restarts).
  const launchLog = createLaunchLog();
  const emit: Emit = (event, payload) => {
    launchLog.record(event, payload);
    opts.emit(event, payload);
  };

  const controller = new LaunchController({
    core,
    secrets,
    emit,
    logsDir,
    appLog,
    knownSecrets,
    appVersion: opts.appVersion ?? '0.0.0-dev',
    sidecarCommand,
    gate: opts.gate,
    restart: opts.restart,
    stopTimeouts: opts.stopTimeouts,
    readyTimeoutMs: opts.readyTimeoutMs,
    fetch: opts.fetch,
    onBackendOrigin: opts.onBackendOrigin,
    corsOrigins: opts.corsOrigins ?? [APP_ORIGIN],
    expectedSidecarVersion: opts.expectedSidecarVersion,
  });
  // The transcriber starts on first use (model:load), with config.json's `whisper` section as it is then.
  const transcriber = createTranscriber({
    command: () => sidecarCommand('transcriber'),
    whisper: async () => controller.whisperSettings(),
    emit,
    logsDir,
    restart: opts.restart,
    stopTimeouts: opts.stopTimeouts,
    readyTimeoutMs: opts.readyTimeoutMs,
    log: (line) => appLog.write(line),
    expectedVersion: opts.expectedSidecarVersion,
  });
  const session = createSessionManager({
    access: () => controller.apiAccess(),
    auth: createBackendAuth({ fetch: opts.fetch }),
    vault: opts.sessionVault ?? createKeychainVault(),
    emit: (payload) => emit('session:changed', payload),
    clock: opts.sessionClock,
    refreshBeforeMs: opts.sessionRefreshBeforeMs,
    log: (line) => appLog.write(line),
  });
  const handlers: IpcHandlers = {
    ...createSessionHandlers(session),
    ...createHandlers({
      controller,
      drafts: createDraftStore(opts.userDataDir),
      logsDir,
      fetch: opts.fetch,
      openPath: opts.openPath,
      openExternal: opts.openExternal,
    }),
    ...transcriber.handlers,
    'config:policy': async () => ({
      locked: core.lockedFields?.() ?? {},
      backendBundled: opts.buildInfo?.backendBundled ?? true,
    }),
    ...createDiagnosticsHandlers({
      sources: diagnosticsSources({
        controller,
        core,
        logsDir,
        recordingsDir: opts.recordingsDir ?? path.join(opts.userDataDir, 'recordings'),
        appVersion: opts.appVersion ?? '0.0.0-dev',
        buildInfo: opts.buildInfo,
        modelStatus: () => transcriber.handlers['model:getStatus'](),
        transcriberVersion: () => transcriber.supervisor.ready?.version ?? null,
        fetch: opts.fetch,
        launchSteps: () => launchLog.entries(),
      }),
      choosePath:
        opts.chooseDiagnosticsPath ?? (async (name) => path.join(opts.userDataDir, 'diagnostics', name)),
    }),
  };
  if (opts.buildInfo?.commit || opts.buildInfo?.sidecars) {
    const getStatus = handlers['app:getStatus'];
    const build = { commit: opts.buildInfo.commit ?? null, sidecars: opts.buildInfo.sidecars ?? {} };
    handlers['app:getStatus'] = async () => ({ ...(await getStatus()), build });
  }
  const appOrigin = opts.appOrigin ?? {};
  const dispatch = createDispatcher(handlers, {
    isTrustedSender: opts.isTrustedSender ?? ((s) => isTrustedSenderUrl(s.url, appOrigin)),
    onError: (channel, err) =>
      appLog.write(
        `[ipc] ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      ),
  });

  let stopping: Promise<void> | null = null;
  const others: { stop(): Promise<void> }[] = [transcriber];
  return {
    handlers,
    dispatch,
    controller,
    session,
    logsDir,
    appLog,
    start: () => controller.start(),
    stop: () =>
      (stopping ??= Promise.allSettled([
        Promise.resolve(session.dispose()),
        controller.stop(),
        ...others.map((o) => o.stop()),
      ]).then(() => undefined)),
    addSidecar: (sidecar) => {
      others.push(sidecar);
    },
  };
}
