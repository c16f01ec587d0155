// Orchestrates what the user sees at launch and after saving settings: the launch decision, the
// backend sidecar (setup mode for the wizard, normal mode otherwise), the health gate, the save
// pipeline and the one-action restore of the last working config.
import { randomBytes } from 'node:crypto';
import {
  ConfigSchema,
  SECRET_FIELDS,
  migrateConfig,
  stripSecrets,
  type Config,
  type SecretField,
} from '../../contract/config';
import type {
  AppStatus,
  ConfigSource,
  ConfigView,
  Emit,
  Failure,
  LaunchFailure,
  LaunchProgress,
  LaunchState,
  Problem,
  SaveArgs,
  SaveResult,
  SaveStage,
  SidecarStatus,
} from '../../contract/ipc';
import type { BackendEvent, Health, ListeningEvent, SidecarName } from '../../contract/sidecar';
import { healthUrl, runHealthGate, type FetchFn, type GateOptions } from '../health-gate';
import { backendBaseUrl, backendSpec } from '../sidecar/backend-spec';
import type { SidecarCommand } from '../sidecar/command';
import type { LineLog } from '../sidecar/log-file';
import type { StopTimeouts } from '../sidecar/process';
import type { KnownSecrets } from '../sidecar/redact';
import { Supervisor, type RestartPolicy } from '../sidecar/supervisor';
import {
  BOUND_FIELDS,
  SECRET_DESTINATION_CHANGED,
  configDestination,
  decideReuse,
  destinationChangedMessage,
  isBoundField,
  type BoundField,
  type SecretReuse,
} from '../secrets/destination';
import { decideLaunch, plaintextSecrets, stripSecretFields } from './decide';
import { getPath, isRecord, withPath, type Json } from '../../contract/dotted-path';
import { asKeychainFailure, type ConfigCore, type SecretStore } from './deps';

export interface LaunchControllerDeps {
  core: ConfigCore;
  secrets: SecretStore;
  emit: Emit;
  logsDir: string;
  appLog: LineLog;
  /** main.log's redactor; the backend's supervisor teaches it the secrets it hands over. */
  knownSecrets?: KnownSecrets;
  appVersion: string;
  sidecarCommand: (name: SidecarName) => SidecarCommand;
  /** Overrides the config's `launch.healthAttempts` / `launch.healthIntervalMs`. */
  gate?: Partial<GateOptions>;
  restart?: Partial<RestartPolicy>;
  stopTimeouts?: StopTimeouts;
  readyTimeoutMs?: number;
  fetch?: FetchFn;
  /** Called when the backend's origin changes. */
  onBackendOrigin?: (origin: string | null) => void;
  /** The backend's CORS list, sent as `allowedOrigins` in its settings line (renderer-source.ts). */
  corsOrigins: string[];
  /** Set in a packaged app: the backend must report this version (sidecar/version-check.ts). */
  expectedSidecarVersion?: string;
}

type BackendMode = { mode: 'setup' } | { mode: 'normal'; config: Config };

interface Working {
  config: Config;
  raw: unknown;
  path: string;
  secrets: Partial<Record<SecretField, string>>;
}

/** A secret's value and binding before a save changed them. */
type Previous = Partial<Record<SecretField, { value: string | null; destination: string | null }>>;

const plain = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class LaunchController {
  private state: LaunchState = { screen: 'starting', progress: [] };
  private progress: LaunchProgress[] = [];
  private recording = false;
  private readonly backend: Supervisor<BackendEvent, ListeningEvent>;
  private backendMode: BackendMode | null = null;
  private launchToken: string | null = null;
  private lastHealth: Health | null = null;
  /** The config in use; `raw` is its file as parsed (unknown keys are kept when rewriting it). */
  private current: { config: Config; raw: unknown; source: ConfigSource; warnings: Problem[] } | null = null;
  private lastWorking: Working | null = null;
  private readySince: string | null = null;
  private setupStart: Promise<boolean> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: LaunchControllerDeps) {
    this.backend = new Supervisor(
      backendSpec({
        command: () => deps.sidecarCommand('backend'),
        settings: () => this.backendSettings(),
        gate: () => this.gateOptions(),
        fetch: deps.fetch,
        headers: (): Record<string, string> =>
          this.launchToken ? { 'x-launch-token': this.launchToken } : {},
        expectedVersion: deps.expectedSidecarVersion,
        onProgress: (p) => this.onProgress(p),
        onGate: (r) => {
          if (r.ok) this.lastHealth = r.health;
        },
      }),
      {
        emit: (event, payload) => {
          deps.emit(event, payload);
          if (event === 'sidecar:status') this.onSidecarStatus(payload as SidecarStatus);
        },
        logsDir: deps.logsDir,
        knownSecrets: deps.knownSecrets,
        restart: deps.restart,
        stopTimeouts: deps.stopTimeouts,
        readyTimeoutMs: deps.readyTimeoutMs,
      },
    );
    this.backend.onReady((e) => deps.onBackendOrigin?.(new URL(backendBaseUrl(e)).origin));
  }

  /** A backend that crashed for good takes the main view down with a reason, not silently. */
  private onSidecarStatus(s: SidecarStatus): void {
    this.deps.appLog.write(
      `[sidecar] ${s.sidecar} ${s.state}${s.attempt ? ` (restart ${s.attempt} of ${s.maxAttempts})` : ''}${s.message ? `: ${s.message}` : ''}`,
    );
    if (s.state !== 'gave-up' || this.state.screen !== 'ready' || this.state.status.mode !== 'embedded')
      return;
    const failure: LaunchFailure = {
      code: 'backend_gave_up',
      message: s.message ?? 'The backend stopped working and could not be restarted.',
      hint: 'Retry starts it again. Show logs for details.',
    };
    void this.fail(failure);
  }

  // -------------------------------------------------------------------------------------------
  // Public operations (serialized: a save never races a retry)
  // -------------------------------------------------------------------------------------------

  getState(): LaunchState {
    return this.state.screen === 'starting'
      ? { screen: 'starting', progress: [...this.progress] }
      : this.state;
  }

  start(): Promise<LaunchState> {
    return this.serial(() => this.launch());
  }

  save(args: SaveArgs): Promise<SaveResult> {
    return this.serial(() => this.savePipeline(args));
  }

  restoreBackup(): Promise<LaunchState> {
    return this.serial(() => this.restore());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.backend.stop();
  }

  /** The origin the renderer will most likely talk to: the configured port, or the server's. */
  expectedBackendOrigin(): string | null {
    const ready = this.backend.ready;
    if (ready) return new URL(backendBaseUrl(ready)).origin;
    const config = this.current?.config;
    if (!config) return null;
    if (isRecord(config.backend) && config.backend.embedded === true)
      return `http://127.0.0.1:${String(config.backend.port)}`;
    return safeOrigin(String(config.apiBaseUrl));
  }

  status(): AppStatus | null {
    if (this.state.screen !== 'ready') return null;
    const st = this.state.status;
    // After a crash and restart the backend may be on another port: always answer the live one.
    const ready = this.backend.ready;
    if (st.mode === 'embedded' && ready)
      return { ...st, apiBaseUrl: backendBaseUrl(ready), health: this.lastHealth ?? st.health };
    return st;
  }

  /**
   * How main calls the normal-mode API once the app is ready (the session, meetings): the live
   * base URL, the launch token header in embedded mode, and a `destination` naming the backend
   * (a token obtained from one must never be sent to another). Null before the app is ready.
   */
  apiAccess(): { baseUrl: string; headers: Record<string, string>; destination: string } | null {
    const st = this.status();
    if (!st) return null;
    if (st.mode === 'embedded') {
      if (!this.launchToken || !this.backend.ready) return null;
      return {
        baseUrl: st.apiBaseUrl,
        headers: { 'x-launch-token': this.launchToken },
        destination: 'embedded',
      };
    }
    return { baseUrl: st.apiBaseUrl, headers: {}, destination: safeOrigin(st.apiBaseUrl) ?? st.apiBaseUrl };
  }

  /** The `whisper` section in use (the same config configView shows); no keychain access. */
  whisperSettings(): Config['whisper'] {
    return this.editableConfig().config.whisper;
  }

  async configView(): Promise<ConfigView> {
    let stored: SecretField[] = [];
    try {
      stored = await this.deps.secrets.list();
    } catch {
      stored = [];
    }
    const { config, source, warnings } = this.editableConfig();
    return { config: stripSecrets(config), source, secretsStored: stored, warnings };
  }

  /** The config in use; from a broken file, its good values with defaults for the bad ones. */
  private editableConfig(): { config: Config; source: ConfigSource; warnings: Problem[] } {
    if (this.current) return this.current;
    if (this.state.screen === 'invalid-config')
      return {
        config: salvage(this.state.prefill, this.state.problems, this.deps.core.defaults()),
        source: this.state.source,
        warnings: [],
      };
    return {
      config: this.deps.core.defaults(),
      source: { kind: 'none', path: this.deps.core.userPath },
      warnings: [],
    };
  }

  /** POSTs to a backend setup route with the launch token; null when no backend can be had. */
  async callSetupRoute(
    route: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<{ status: number; body: unknown } | null> {
    const base = await this.backendForSetup();
    if (!base || !this.launchToken) return null;
    const res = await (this.deps.fetch ?? fetch)(`${base}/setup/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-launch-token': this.launchToken },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  }

  /** The secret stored for a field (used when a test call leaves the secret out). */
  async storedSecret(field: SecretField): Promise<string | null> {
    const fromFile = this.current ? plaintextSecrets(this.current.config)[field] : undefined;
    if (fromFile) return fromFile;
    try {
      return await this.deps.secrets.get(field);
    } catch {
      return null;
    }
  }

  /**
   * The stored secret for `field`, only if it was saved for `requested` (destination.ts): a test
   * call that leaves the secret out must not send it to a host the user just typed. A secret in a
   * plaintext config file is bound to that file's own destination; a keychain secret saved before
   * bindings existed, to the config in use.
   */
  async reusableSecret(field: BoundField, requested: string | null): Promise<SecretReuse> {
    const fromFile = this.current ? plaintextSecrets(this.current.config)[field] : undefined;
    if (fromFile) return decideReuse(fromFile, configDestination(this.current?.config, field), requested);
    let stored: string | null = null;
    let boundTo: string | null = null;
    try {
      stored = await this.deps.secrets.get(field);
      if (stored) boundTo = await this.deps.secrets.destination(field);
    } catch {
      return { kind: 'none' };
    }
    boundTo ??= this.current ? configDestination(this.current.config, field) : null;
    return decideReuse(stored, boundTo, requested);
  }

  get backendSupervisor(): Supervisor<BackendEvent, ListeningEvent> {
    return this.backend;
  }

  // -------------------------------------------------------------------------------------------
  // Launch
  // -------------------------------------------------------------------------------------------

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private resetProgress(): void {
    this.progress = [];
    this.recording = true;
    this.state = { screen: 'starting', progress: [] };
  }

  private onProgress(p: LaunchProgress): void {
    if (this.recording) {
      const i = this.progress.findIndex((x) => x.step === p.step);
      if (i >= 0) this.progress[i] = p;
      else this.progress.push(p);
    }
    // One line per finished step in main.log (not every waiting attempt): enough to follow a launch.
    if (p.state !== 'active') {
      const detail = p.failure
        ? `: ${p.failure.code}: ${p.failure.message}`
        : p.attempt
          ? ` (attempt ${p.attempt} of ${p.attempts})`
          : '';
      this.deps.appLog.write(`[launch] ${p.step} ${p.state}${detail}`);
    }
    this.deps.emit('launch:progress', p);
  }

  private setState(state: LaunchState): LaunchState {
    this.recording = false;
    this.state = state;
    return state;
  }

  private async canRestore(): Promise<boolean> {
    if (this.lastWorking) return true;
    try {
      return await this.deps.core.hasBackup(this.current?.source.path ?? this.deps.core.userPath);
    } catch {
      return false;
    }
  }

  private async launch(): Promise<LaunchState> {
    if (this.stopped) return this.state;
    this.resetProgress();
    this.onProgress({ step: 'config', state: 'active' });
    let decision;
    try {
      decision = await decideLaunch(this.deps.core, this.deps.secrets);
    } catch (err) {
      this.deps.appLog.write(`[launch] decision failed: ${plain(err)}`);
      const failure: Failure = {
        code: 'config_unreadable',
        message: `The configuration could not be read: ${plain(err)}`,
      };
      this.onProgress({ step: 'config', state: 'failed', failure });
      return this.setState({
        screen: 'failed',
        failure,
        progress: [...this.progress],
        canRestore: await this.canRestore(),
      });
    }
    switch (decision.kind) {
      case 'keychain': {
        this.onProgress({ step: 'config', state: 'done' });
        this.onProgress({ step: 'keychain', state: 'failed', failure: decision.failure });
        return this.setState({ screen: 'keychain-unavailable', failure: decision.failure });
      }
      case 'invalid': {
        this.onProgress({
          step: 'config',
          state: 'failed',
          failure: { code: 'config_invalid', message: 'The configuration has problems.' },
        });
        void this.startSetupBackend();
        return this.setState({
          screen: 'invalid-config',
          problems: decision.problems,
          source: decision.source,
          prefill: decision.prefill,
        });
      }
      case 'wizard': {
        this.onProgress({ step: 'config', state: 'done' });
        // Not awaited: the wizard shows at once; setup:testDatabase waits for this start.
        void this.startSetupBackend();
        return this.setState({
          screen: 'wizard',
          prefill: decision.prefill,
          secretsStored: decision.secretsStored,
          source: decision.source,
          targetPath: decision.targetPath,
          problems: decision.problems,
        });
      }
      case 'launch': {
        this.onProgress({ step: 'config', state: 'done' });
        this.current = {
          config: decision.config,
          raw: decision.raw,
          source: decision.source,
          warnings: decision.warnings,
        };
        const out = await this.runConfig(decision.config);
        if (out.ok) await this.rememberWorking(decision.config, decision.source.path);
        return this.state;
      }
    }
  }

  /** Starts the backend (or checks the server) for a config and sets the ready/failed state. */
  private async runConfig(
    config: Config,
  ): Promise<{ ok: true } | { ok: false; failure: LaunchFailure; stage: SaveStage }> {
    if (this.state.screen !== 'starting') this.resetProgress();
    const embedded = isRecord(config.backend) && config.backend.embedded === true;
    let baseUrl: string;
    let health: Health;
    if (embedded) {
      this.onProgress({ step: 'keychain', state: 'done' });
      this.onProgress({ step: 'spawning', state: 'active' });
      this.backendMode = { mode: 'normal', config };
      this.setupStart = null;
      const out = await this.backend.start();
      if (!out.ok) {
        const stage: SaveStage = this.progress.some((p) => p.step === 'waiting' || p.step === 'database')
          ? 'health'
          : 'backend';
        if (stage === 'backend') this.onProgress({ step: 'spawning', state: 'failed', failure: out.failure });
        await this.fail(out.failure);
        return { ok: false, failure: out.failure, stage };
      }
      baseUrl = backendBaseUrl(out.ready);
      health = this.lastHealth ?? { status: 'ok' };
    } else {
      await this.backend.stop();
      this.backendMode = null;
      baseUrl = String(config.apiBaseUrl).replace(/\/+$/, '');
      this.deps.onBackendOrigin?.(safeOrigin(baseUrl));
      const gate = await runHealthGate(healthUrl(baseUrl), this.gateOptions(), {
        fetch: this.deps.fetch,
        onProgress: (p) => this.onProgress(p),
      });
      if (!gate.ok) {
        const failure: LaunchFailure = {
          ...gate.failure,
          message:
            gate.failure.code === 'health_timeout'
              ? `The server at ${baseUrl} did not answer as healthy. ${gate.failure.message}`
              : gate.failure.message,
          hint: 'Check the server address in the settings, your network connection, and that the server is running.',
        };
        await this.fail(failure);
        return { ok: false, failure, stage: 'health' };
      }
      health = gate.health;
    }
    this.onProgress({ step: 'ready', state: 'done' });
    this.readySince = new Date().toISOString();
    this.setState({
      screen: 'ready',
      status: {
        mode: embedded ? 'embedded' : 'server',
        apiBaseUrl: baseUrl,
        health,
        config: this.current?.source ?? { kind: 'user', path: this.deps.core.userPath },
        appVersion: this.deps.appVersion,
        logsDir: this.deps.logsDir,
        readySince: this.readySince,
      },
    });
    return { ok: true };
  }

  private async fail(failure: LaunchFailure): Promise<void> {
    this.deps.appLog.write(`[launch] failed: ${failure.code}: ${failure.message}`);
    this.setState({
      screen: 'failed',
      failure,
      progress: [...this.progress],
      canRestore: await this.canRestore(),
    });
  }

  private async rememberWorking(config: Config, path: string): Promise<void> {
    const secrets: Partial<Record<SecretField, string>> = {};
    for (const f of SECRET_FIELDS) {
      const v = await this.storedSecret(f);
      if (v) secrets[f] = v;
    }
    this.lastWorking = { config: stripSecrets(config), raw: this.current?.raw, path, secrets };
  }

  // -------------------------------------------------------------------------------------------
  // The backend in setup mode (wizard, invalid config, failed launch: the settings screen can test)
  // -------------------------------------------------------------------------------------------

  private startSetupBackend(): Promise<boolean> {
    this.backendMode = { mode: 'setup' };
    const p = this.backend.start().then((out) => {
      if (!out.ok)
        this.deps.appLog.write(
          `[launch] setup-mode backend did not start: ${out.failure.code}: ${out.failure.message}`,
        );
      return out.ok;
    });
    this.setupStart = p;
    return p;
  }

  private async backendForSetup(): Promise<string | null> {
    if (this.setupStart) await this.setupStart;
    const ready = this.backend.ready;
    if (ready) return backendBaseUrl(ready);
    // Nothing running (server mode, or the backend failed): start one in setup mode for the test.
    // Not while the main view runs on an embedded backend that is being restarted after a crash.
    if (this.stopped) return null;
    if (this.state.screen === 'ready' && this.state.status.mode === 'embedded') return null;
    const ok = await this.serial(() =>
      this.backend.ready ? Promise.resolve(true) : this.startSetupBackend(),
    );
    return ok && this.backend.ready ? backendBaseUrl(this.backend.ready) : null;
  }

  private async backendSettings(): Promise<{ line: Record<string, unknown>; secrets: string[] }> {
    const token = randomBytes(24).toString('base64url');
    this.launchToken = token;
    const mode = this.backendMode ?? { mode: 'setup' as const };
    // Main decides CORS, not config.json: only the app's origin (and the dev server in development).
    const cors = [...this.deps.corsOrigins];
    if (mode.mode === 'setup') {
      // No database: the backend answers health and the setup routes only. Port 0 = any free port.
      return {
        line: { embedded: true, host: '127.0.0.1', port: 0, allowedOrigins: cors, launchToken: token },
        secrets: [token],
      };
    }
    let backend = structuredClone(mode.config.backend) as unknown as Json;
    const inFile = plaintextSecrets(mode.config);
    const values: string[] = [token];
    for (const f of SECRET_FIELDS) {
      // Read from the keychain now, at each (re)start: a secret changed in settings is picked up.
      const v = inFile[f] ?? (await this.deps.secrets.get(f));
      if (v) {
        backend = withPath(backend, f.replace(/^backend\./, ''), v);
        values.push(v);
      }
    }
    return { line: { ...(backend as object), allowedOrigins: cors, launchToken: token }, secrets: values };
  }

  /** config.json's `launch` section (default 30 x 1000 ms); the app's own overrides win. */
  private gateOptions(): Partial<GateOptions> {
    const launch = this.current?.config.launch;
    const fromConfig: Partial<GateOptions> = launch
      ? { attempts: launch.healthAttempts, intervalMs: launch.healthIntervalMs }
      : {};
    return { ...fromConfig, ...this.deps.gate };
  }

  // -------------------------------------------------------------------------------------------
  // Save (wizard Finish and settings Save) and restore
  // -------------------------------------------------------------------------------------------

  private targetPath(): string {
    if (this.state.screen === 'wizard') return this.state.targetPath;
    // An explicit MEETING_ASSISTANT_CONFIG file is the one that will be read next time: save there.
    const src = this.state.screen === 'invalid-config' ? this.state.source : this.current?.source;
    return src?.kind === 'env' ? src.path : this.deps.core.userPath;
  }

  private async savePipeline(args: SaveArgs): Promise<SaveResult> {
    const { core, secrets } = this.deps;
    const failed = async (
      stage: SaveStage,
      failure: Failure,
      problems: Problem[] = [],
      previousKept = true,
    ): Promise<SaveResult> => {
      this.deps.appLog.write(`[save] failed at ${stage}: ${failure.code}: ${failure.message}`);
      return { ok: false, stage, failure, problems, previousKept, canRestore: await this.canRestore() };
    };

    // 1. validate, with the secrets filled in (typed now, or already in the keychain)
    const edited = stripSecretFields(isRecord(args.config) ? args.config : {});
    const typed = Object.entries(args.secrets).filter(
      (e): e is [SecretField, string] => typeof e[1] === 'string',
    );
    const editedEmbedded = isRecord(edited.backend) && edited.backend.embedded === true;
    await this.recordLegacyBindings();
    // A stored secret that is not typed again may only go where it was saved for: the new config
    // must send it to the same destination (an embedded backend is what would send it).
    const rebind: Problem[] = [];
    const needsRebind = async (f: BoundField): Promise<boolean> => {
      const requested = configDestination(edited, f);
      if (!editedEmbedded || requested === null) return false;
      return (await this.reusableSecret(f, requested)).kind === 'changed';
    };
    for (const f of BOUND_FIELDS)
      if (!typed.some(([t]) => t === f) && (await needsRebind(f)))
        rebind.push({ path: f, message: destinationChangedMessage(f) });
    // Secrets the current file holds in plain text (an env-pointed file) move to the keychain too,
    // since the file the app writes will not have them (unless they would go somewhere new).
    const fromFile = this.current ? plaintextSecrets(this.current.config) : {};
    for (const [f, v] of Object.entries(fromFile) as [SecretField, string][])
      if (!typed.some(([t]) => t === f) && !rebind.some((p) => p.path === f)) typed.push([f, v]);
    let stored: SecretField[] = [];
    let keychainFailure = null;
    try {
      await secrets.probe();
      stored = await secrets.list();
    } catch (err) {
      keychainFailure = asKeychainFailure(err) ?? { code: 'keychain_error', message: plain(err) };
    }
    let withSecrets: unknown = edited;
    for (const [f, v] of typed) withSecrets = withPath(withSecrets, f, v);
    const validated = core.validate(withSecrets);
    if (!validated.ok)
      return failed(
        'validate',
        { code: 'invalid_config', message: 'Some settings need attention.' },
        validated.problems,
      );
    if (rebind.length > 0)
      return failed(
        'validate',
        {
          code: SECRET_DESTINATION_CHANGED,
          message: 'A stored secret is needed again, because where it is sent has changed.',
        },
        rebind,
      );
    const config = stripSecrets(validated.config);
    const embedded = isRecord(config.backend) && config.backend.embedded === true;
    // Embedded mode needs the keychain; say so rather than "secrets missing".
    if (embedded && keychainFailure) return failed('secrets', keychainFailure);
    const missing = embedded
      ? core.missingSecrets(config, [...new Set([...stored, ...typed.map(([f]) => f)])])
      : [];
    if (missing.length > 0)
      return failed(
        'validate',
        { code: 'missing_secrets', message: 'Some required secrets are missing.' },
        missing.map((f) => ({ path: f, message: 'is required' })),
      );

    // 2. secrets, each bound to where this config sends it (the previous values and bindings are
    //    remembered, to put them back if the write fails)
    if (typed.length > 0 && keychainFailure) return failed('secrets', keychainFailure);
    const before: Previous = {};
    try {
      for (const [f, v] of typed) {
        before[f] = { value: await secrets.get(f), destination: await secrets.destination(f) };
        await secrets.set(f, v, isBoundField(f) ? configDestination(config, f) : null);
      }
    } catch (err) {
      await this.putBack(before);
      return failed('secrets', asKeychainFailure(err) ?? { code: 'keychain_error', message: plain(err) });
    }

    // 3. write atomically (the previous file becomes config.json.bak)
    const path = this.targetPath();
    const raw = this.current?.raw ?? edited;
    try {
      const backup = await core.write(path, config, raw);
      if (backup === 'skipped_not_json')
        this.deps.appLog.write(
          `[save] the previous ${path} was not valid JSON, so no .bak was made of it (it could hold a password in plain text)`,
        );
    } catch (err) {
      await this.putBack(before);
      return failed('write', {
        code: 'write_failed',
        message: `The settings could not be saved to ${path}: ${plain(err)}`,
      });
    }
    this.current = {
      config,
      raw,
      source: { kind: path === core.userPath ? 'user' : 'env', path },
      warnings: validated.warnings,
    };

    // 4-5. restart the backend in normal mode and run the gate
    this.resetProgress();
    this.onProgress({ step: 'config', state: 'done' });
    const out = await this.runConfig(config);
    if (!out.ok) {
      // Keep a backend in setup mode, so the settings screen can test the database again.
      if (embedded) void this.startSetupBackend();
      return failed(out.stage, out.failure, [], false);
    }
    await this.rememberWorking(config, path);
    return { ok: true, state: this.state };
  }

  /**
   * A keychain secret saved before bindings existed is bound, before any save changes the config,
   * to the config in use (the one it was saved and used with). Otherwise a first save could move
   * the config elsewhere (say in server mode, which checks nothing) and a second one would find
   * the secret "bound" to the moved config.
   */
  private async recordLegacyBindings(): Promise<void> {
    const config = this.current?.config;
    if (!config) return;
    for (const f of BOUND_FIELDS) {
      try {
        const value = await this.deps.secrets.get(f);
        if (!value || (await this.deps.secrets.destination(f)) !== null) continue;
        const destination = configDestination(config, f);
        if (destination) await this.deps.secrets.set(f, value, destination);
      } catch {
        // The keychain cannot be used: the save itself reports that.
      }
    }
  }

  private async putBack(before: Previous): Promise<void> {
    for (const [f, v] of Object.entries(before) as [SecretField, Previous[SecretField]][]) {
      try {
        if (!v?.value) await this.deps.secrets.delete(f);
        else await this.deps.secrets.set(f, v.value, v.destination);
      } catch (err) {
        this.deps.appLog.write(`[save] could not put back the previous ${f}: ${plain(err)}`);
      }
    }
  }

  private async restore(): Promise<LaunchState> {
    const w = this.lastWorking;
    try {
      if (w) {
        for (const [f, v] of Object.entries(w.secrets) as [SecretField, string][])
          await this.deps.secrets.set(f, v, isBoundField(f) ? configDestination(w.config, f) : null);
        await this.deps.core.write(w.path, w.config, w.raw);
      } else {
        await this.deps.core.restoreBackup(this.current?.source.path ?? this.deps.core.userPath);
      }
    } catch (err) {
      const failure = asKeychainFailure(err) ?? {
        code: 'restore_failed',
        message: `The previous settings could not be restored: ${plain(err)}`,
      };
      this.deps.appLog.write(`[restore] ${failure.message}`);
      return this.setState({ screen: 'failed', failure, progress: [], canRestore: false });
    }
    return this.launch();
  }
}

/** A schema-valid config from a file with problems: each bad field reset to its default. */
export function salvage(
  raw: Record<string, unknown> | undefined,
  problems: Problem[],
  defaults: Config,
): Config {
  if (!raw) return defaults;
  const migrated = migrateConfig(raw);
  if (!migrated.ok) return defaults;
  let fixed: unknown = migrated.raw;
  for (const p of problems) if (p.path) fixed = withPath(fixed, p.path, getPath(defaults, p.path));
  const parsed = ConfigSchema.safeParse(fixed);
  return parsed.success ? parsed.data : defaults;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
