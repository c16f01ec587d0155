// The launch decision: which of the five situations of the issue we are in.
//   1. user config valid, secrets in the keychain      -> launch
//   2. no user config, administrator's file complete   -> move its secrets to the keychain, write
//                                                        the user config without them, launch
//   3. administrator's file incomplete, or no config   -> wizard, pre-filled
//   4. config invalid                                  -> name every problem, never overwrite
//   5. keychain unavailable                            -> explain what to do
import { SECRET_FIELDS, stripSecrets, type Config, type SecretField } from '../../contract/config';
import type { ConfigSource, Problem } from '../../contract/ipc';
import { configDestination, isBoundField } from '../secrets/destination';
import { getPath, isRecord, withoutPaths, type Json } from '../../contract/dotted-path';
import { asKeychainFailure, type ConfigCore, type KeychainFailure, type SecretStore } from './deps';

export type Decision =
  | {
      kind: 'launch';
      config: Config;
      raw: unknown;
      source: ConfigSource;
      warnings: Problem[];
      migratedFromAdmin: boolean;
    }
  | {
      kind: 'wizard';
      prefill: Json;
      secretsStored: SecretField[];
      source: ConfigSource;
      targetPath: string;
      problems: Problem[];
    }
  | { kind: 'invalid'; problems: Problem[]; source: ConfigSource; prefill?: Json }
  | { kind: 'keychain'; failure: KeychainFailure };

/** Secret values written in a config file (an administrator's file may carry them in plaintext). */
export function plaintextSecrets(config: unknown): Partial<Record<SecretField, string>> {
  const out: Partial<Record<SecretField, string>> = {};
  for (const f of SECRET_FIELDS) {
    const v = getPath(config, f);
    if (typeof v === 'string' && v.length > 0) out[f] = v;
  }
  return out;
}

export function stripSecretFields<T>(config: T): T {
  return withoutPaths(config, SECRET_FIELDS);
}

async function keychainState(
  secrets: SecretStore,
): Promise<{ ok: true; stored: SecretField[] } | { ok: false; failure: KeychainFailure }> {
  try {
    await secrets.probe();
    return { ok: true, stored: await secrets.list() };
  } catch (err) {
    return {
      ok: false,
      failure: asKeychainFailure(err) ?? {
        code: 'keychain_error',
        message: err instanceof Error ? err.message : String(err),
      },
    };
  }
}

/** Stored secrets, or [] when the keychain cannot be used (the wizard still opens; Finish will explain). */
async function storedOrNone(secrets: SecretStore): Promise<SecretField[]> {
  const k = await keychainState(secrets);
  return k.ok ? k.stored : [];
}

export async function decideLaunch(core: ConfigCore, secrets: SecretStore): Promise<Decision> {
  const found = await core.locate();
  if (!found) {
    return {
      kind: 'wizard',
      prefill: stripSecretFields(core.defaults() as unknown as Json),
      secretsStored: await storedOrNone(secrets),
      source: { kind: 'none', path: core.userPath },
      targetPath: core.userPath,
      problems: [],
    };
  }
  const source: ConfigSource = { kind: found.kind, path: found.path };
  const read = found.read;

  if (!read.ok && 'missing' in read) {
    // MEETING_ASSISTANT_CONFIG names a file that is not there yet: the wizard will create it.
    return {
      kind: 'wizard',
      prefill: stripSecretFields(core.defaults() as unknown as Json),
      secretsStored: await storedOrNone(secrets),
      source,
      targetPath: found.path,
      problems: [],
    };
  }
  if (!read.ok) {
    // An administrator's file that parses but lacks values is "incomplete": it pre-fills the wizard.
    if (found.kind === 'admin' && !read.syntax && read.raw) {
      return {
        kind: 'wizard',
        prefill: stripSecretFields(read.raw),
        secretsStored: await storedOrNone(secrets),
        source,
        targetPath: core.userPath,
        problems: read.problems,
      };
    }
    return {
      kind: 'invalid',
      problems: read.problems,
      source,
      prefill: read.raw ? stripSecretFields(read.raw) : undefined,
    };
  }

  const config = read.config;
  // Server mode needs no secrets, so it needs no keychain either.
  if (!isRecord(config.backend) || config.backend.embedded !== true) {
    return {
      kind: 'launch',
      config,
      raw: read.raw,
      source,
      warnings: read.warnings,
      migratedFromAdmin: false,
    };
  }

  const keychain = await keychainState(secrets);
  if (!keychain.ok) return { kind: 'keychain', failure: keychain.failure };
  const inFile = plaintextSecrets(config);
  const available = [
    ...new Set<SecretField>([...keychain.stored, ...(Object.keys(inFile) as SecretField[])]),
  ];
  const missing = core.missingSecrets(stripSecrets(config), available);

  if (missing.length > 0) {
    const problems: Problem[] = missing.map((f) => ({
      path: f,
      message: 'is required, and is not in the keychain yet',
    }));
    return {
      kind: 'wizard',
      prefill: stripSecretFields(config as unknown as Json),
      secretsStored: keychain.stored,
      source,
      targetPath: found.kind === 'env' ? found.path : core.userPath,
      problems,
    };
  }

  const plain = Object.entries(inFile) as [SecretField, string][];
  if (found.kind === 'user' || found.kind === 'admin') {
    if (plain.length > 0 || found.kind === 'admin') {
      // Secrets go to the keychain first, so a failed write never loses one.
      try {
        // Each bound to where this file sends it (secrets/destination.ts).
        for (const [f, v] of plain)
          await secrets.set(f, v, isBoundField(f) ? configDestination(config, f) : null);
      } catch (err) {
        const failure = asKeychainFailure(err);
        if (failure) return { kind: 'keychain', failure };
        throw err;
      }
      await core.write(core.userPath, stripSecrets(config), read.raw);
      return {
        kind: 'launch',
        config: stripSecrets(config),
        raw: stripSecretFields(read.raw),
        source: { kind: 'user', path: core.userPath },
        warnings: read.warnings,
        migratedFromAdmin: found.kind === 'admin',
      };
    }
  }
  // An env-pointed file is never rewritten: its plaintext secrets are used as they are.
  return { kind: 'launch', config, raw: read.raw, source, warnings: read.warnings, migratedFromAdmin: false };
}
