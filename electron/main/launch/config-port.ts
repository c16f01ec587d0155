// Adapts the config core (electron/main/config) and the keychain store (electron/main/secrets)
// to the small interfaces the launch logic uses (ports.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONFIG, missingSecrets, validateConfig, type Config } from '../../contract/config';
import {
  CONFIG_FILE_NAME,
  backupPathFor,
  locateConfig,
  restoreBackup,
  writeConfigFile,
  type ReadResult,
} from '../config';
import { isRecord } from './paths';
import type { ConfigCore, ReadOutcome } from './ports';

export interface ConfigCoreOptions {
  env: Readonly<Record<string, string | undefined>>;
  userDataDir: string;
  adminDir: string | null;
}

function outcome(r: Exclude<ReadResult, { status: 'missing' }>): ReadOutcome {
  if (r.status === 'ok') return { ok: true, config: r.config, warnings: r.warnings, raw: r.raw };
  return {
    ok: false,
    problems: r.problems,
    raw: isRecord(r.raw) ? r.raw : undefined,
    syntax: r.raw === undefined,
  };
}

export function createConfigCore(opts: ConfigCoreOptions): ConfigCore {
  const userPath = path.join(opts.userDataDir, CONFIG_FILE_NAME);
  return {
    userPath,
    async locate() {
      const found = await locateConfig({
        env: opts.env,
        userDataDir: opts.userDataDir,
        adminDir: opts.adminDir ?? undefined,
      });
      if (!found) return null;
      if (found.result.status === 'missing')
        return {
          kind: found.source,
          path: found.path,
          read: {
            ok: false,
            missing: true,
            syntax: false,
            problems: [{ path: '', message: 'does not exist yet' }],
          },
        };
      return { kind: found.source, path: found.path, read: outcome(found.result) };
    },
    validate(raw) {
      const r = validateConfig(raw);
      return r.ok
        ? { ok: true, config: r.config, warnings: r.warnings, raw }
        : { ok: false, problems: r.problems, syntax: false };
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
    defaults: () => structuredClone(DEFAULT_CONFIG) as Config,
    missingSecrets: (config, stored) => missingSecrets(config, new Set(stored)),
  };
}

export { createSecretStore as createDefaultSecretStore } from '../secrets';
