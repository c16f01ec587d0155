// Adapts the config core (electron/main/config) and the keychain store (electron/main/secrets)
// to the small interfaces the launch logic uses (deps.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_CONFIG,
  applyPolicy,
  applyPolicyToConfig,
  missingSecrets,
  validateConfig,
  type Config,
  type Policy,
} from '../../contract/config';
import {
  CONFIG_FILE_NAME,
  backupPathFor,
  locateConfig,
  policyPath,
  readPolicyFile,
  restoreBackup,
  writeConfigFile,
  type ReadResult,
} from '../config';
import { isRecord } from '../../contract/dotted-path';
import type { ConfigCore, ReadOutcome } from './deps';

export interface ConfigCoreOptions {
  env: Readonly<Record<string, string | undefined>>;
  userDataDir: string;
  adminDir: string | null;
  /** The machine-wide folder (config.json and policy.json); null or absent for none (tests, dev). */
  machineDir?: string | null;
  /** false in a build without --embedded-backend: only server mode can work there. */
  backendBundled?: boolean;
}

export const NO_BUNDLED_BACKEND_MESSAGE =
  'must be false: this installation of Meeting Assistant has no built-in backend (it connects to a company server); set apiBaseUrl to the server address, or install the all-in-one build';

function validated(raw: unknown): ReadOutcome {
  const r = validateConfig(raw);
  return r.ok
    ? { ok: true, config: r.config, warnings: r.warnings, raw }
    : { ok: false, problems: r.problems, raw: isRecord(raw) ? raw : undefined, syntax: false };
}

function outcome(r: Exclude<ReadResult, { status: 'missing' }>, policy: Policy | null): ReadOutcome {
  // Locked values replace the file's before validation, so a config is judged as it will run.
  if (policy !== null && isRecord(r.raw)) return validated(applyPolicy(r.raw, policy));
  if (r.status === 'ok') return { ok: true, config: r.config, warnings: r.warnings, raw: r.raw };
  return {
    ok: false,
    problems: r.problems,
    raw: isRecord(r.raw) ? r.raw : undefined,
    syntax: r.raw === undefined,
  };
}

/** A config asking for the built-in backend is refused, with a message, where none is bundled. */
function withoutBundledBackend(r: ReadOutcome): ReadOutcome {
  const raw = 'raw' in r && isRecord(r.raw) ? r.raw : undefined;
  if (!raw || !isRecord(raw.backend) || raw.backend.embedded !== true) return r;
  const problem = { path: 'backend.embedded', message: NO_BUNDLED_BACKEND_MESSAGE };
  const others = r.ok ? [] : r.problems.filter((p) => p.path !== 'backend.embedded');
  return { ok: false, problems: [problem, ...others], raw, syntax: false };
}

export function createConfigCore(opts: ConfigCoreOptions): ConfigCore {
  const userPath = path.join(opts.userDataDir, CONFIG_FILE_NAME);
  const machineDir = opts.machineDir ?? null;
  const bundled = (r: ReadOutcome): ReadOutcome =>
    opts.backendBundled === false ? withoutBundledBackend(r) : r;
  // Read at every locate() (each launch), so an administrator's change applies at the next start.
  let policy: Policy | null = null;
  return {
    userPath,
    lockedFields: () => ({ ...(policy?.locked ?? {}) }),
    async locate() {
      policy = null;
      if (machineDir !== null) {
        const file = policyPath(machineDir);
        const read = await readPolicyFile(file);
        // A broken policy stops the launch with its problems: running without the
        // administrator's locks would be a silent surprise.
        if (read.status === 'invalid')
          return { kind: 'admin', path: file, read: { ok: false, problems: read.problems, syntax: true } };
        if (read.status === 'ok') policy = read.policy;
      }
      const found = await locateConfig({
        env: opts.env,
        userDataDir: opts.userDataDir,
        machineDir: machineDir ?? undefined,
        adminDir: opts.adminDir ?? undefined,
      });
      if (!found) return null;
      // The machine-wide file is an administrator's file like the one beside the executable.
      const kind = found.source === 'machine' ? 'admin' : found.source;
      if (found.result.status === 'missing')
        return {
          kind,
          path: found.path,
          read: {
            ok: false,
            missing: true,
            syntax: false,
            problems: [{ path: '', message: 'does not exist yet' }],
          },
        };
      return { kind, path: found.path, read: bundled(outcome(found.result, policy)) };
    },
    validate(raw) {
      // A save cannot change a locked field: the policy's value replaces whatever was sent.
      const r = bundled(validated(isRecord(raw) && policy !== null ? applyPolicy(raw, policy) : raw));
      return r.ok ? r : { ok: false, problems: r.problems, syntax: false };
    },
    async write(file, config, raw) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      return writeConfigFile(file, config, { rawForUnknownKeys: raw });
    },
    async hasBackup(file) {
      try {
        await fs.access(backupPathFor(file));
        return true;
      } catch {
        return false;
      }
    },
    async restoreBackup(file) {
      await restoreBackup(file);
    },
    defaults: () => {
      const base = structuredClone(DEFAULT_CONFIG) as Config;
      // Without a bundled backend a new installation starts in server mode.
      if (opts.backendBundled === false) base.backend.embedded = false;
      return applyPolicyToConfig(base, policy);
    },
    missingSecrets: (config, stored) => missingSecrets(config, new Set(stored)),
  };
}

export { createSecretStore as createDefaultSecretStore } from '../secrets';
