// Adapts the running app (launch controller, config core, transcriber) to DiagnosticsSources.
import os from 'node:os';
import { SECRET_FIELDS } from '../../contract/config';
import type { ModelStatus } from '../../contract/model';
import { healthUrl, type FetchFn } from '../health-gate';
import type { LaunchController } from '../launch/controller';
import type { ConfigCore } from '../launch/deps';
import type { DiagnosticsSources } from './collect';

/** What the build knows about itself (electron-builder's stamp, Electron's process.versions). */
export interface BuildInfo {
  commit?: string;
  electron?: string;
  chrome?: string;
  /** Version each bundled sidecar was built as (resources/sidecars/<name>/VERSION). */
  sidecars?: Record<string, string | null>;
  /** false for a build without --embedded-backend (client + transcriber only). */
  backendBundled?: boolean;
}

export interface SourceDeps {
  controller: LaunchController;
  core: ConfigCore;
  logsDir: string;
  recordingsDir: string;
  appVersion: string;
  buildInfo?: BuildInfo;
  modelStatus: () => Promise<ModelStatus>;
  /** The version the running transcriber reported in `ready` (null when it has not started). */
  transcriberVersion: () => string | null;
  fetch?: FetchFn;
  /** launch:progress and sidecar:status events of the last launch, with times. */
  launchSteps: () => unknown[];
}

export function diagnosticsSources(d: SourceDeps): DiagnosticsSources {
  return {
    logsDir: d.logsDir,
    recordingsDir: d.recordingsDir,
    config: () => d.controller.configView(),
    lockedFields: () => d.core.lockedFields?.() ?? {},
    async secretValues() {
      const values = await Promise.all(SECRET_FIELDS.map((f) => d.controller.storedSecret(f)));
      return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
    },
    launchState: () => ({ state: d.controller.getState(), steps: d.launchSteps() }),
    async health() {
      const status = d.controller.status();
      if (!status)
        return { asked: false, reason: `the app is on the ${d.controller.getState().screen} screen` };
      const res = await (d.fetch ?? fetch)(healthUrl(status.apiBaseUrl), {
        signal: AbortSignal.timeout(5000),
        headers: { accept: 'application/json' },
      });
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      return { asked: true, url: healthUrl(status.apiBaseUrl), httpStatus: res.status, body };
    },
    async versions() {
      const status = d.controller.status();
      let model: unknown;
      try {
        model = await d.modelStatus();
      } catch (err) {
        model = { error: err instanceof Error ? err.message : String(err) };
      }
      return {
        app: d.appVersion,
        commit: d.buildInfo?.commit ?? null,
        electron: d.buildInfo?.electron ?? null,
        chrome: d.buildInfo?.chrome ?? null,
        node: process.versions.node,
        os: { platform: process.platform, release: os.release(), arch: process.arch },
        sidecars: {
          bundled: d.buildInfo?.sidecars ?? null,
          backendReported: status?.health.version ?? null,
          transcriberReported: d.transcriberVersion(),
        },
        model: { configured: d.controller.whisperSettings().model, status: model },
      };
    },
  };
}
