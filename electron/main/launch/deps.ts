// What the launch logic needs from the config core and the keychain, as small interfaces.
// config-port.ts adapts the real modules (electron/main/config, electron/main/secrets) to them;
// tests hand in the same real modules pointed at temp folders and the harness's keychain.
import type { Config, LockedFields, SecretField } from '../../contract/config';
import type { Problem } from '../../contract/ipc';
import type { BackupOutcome } from '../config';

export type ConfigKind = 'env' | 'user' | 'admin';

export interface ConfigCandidate {
  kind: ConfigKind;
  path: string;
  read: ReadOutcome;
}

export type ReadOutcome =
  /** `raw` is the file as parsed: keys the app does not know are carried over from it on rewrite. */
  | { ok: true; config: Config; warnings: Problem[]; raw: unknown }
  /** `raw` is what could be parsed (for pre-filling), absent for a file that is not JSON at all. */
  | { ok: false; problems: Problem[]; raw?: Record<string, unknown>; syntax: boolean }
  /** Only for an explicit MEETING_ASSISTANT_CONFIG path that does not exist (yet). */
  | { ok: false; missing: true; problems: Problem[]; syntax: false };

export interface ConfigCore {
  /** Where the user's own config.json lives (the file the app writes by default). */
  readonly userPath: string;
  /** The first existing file in lookup order (read and validated), or null. */
  locate(): Promise<ConfigCandidate | null>;
  /** Validates a config object (secrets included or not) the way reading does. */
  validate(raw: unknown): ReadOutcome;
  /**
   * Atomic write, previous file kept as .bak, secret fields removed, unknown keys of `raw` kept.
   * Says what became of the previous file (no .bak when it was not a JSON object).
   */
  write(path: string, config: Config, raw?: unknown): Promise<BackupOutcome | void>;
  hasBackup(path: string): Promise<boolean>;
  /** Puts the .bak file back in place. */
  restoreBackup(path: string): Promise<void>;
  defaults(): Config;
  /** Fields the machine-wide policy locks (dotted path -> value), as of the last locate(). */
  lockedFields?(): LockedFields;
  /** Secret fields this config needs that are neither in it nor in `stored` (the keychain). */
  missingSecrets(config: Config, stored: readonly SecretField[]): SecretField[];
}

export interface KeychainFailure {
  code: string;
  message: string;
  hint?: string;
}

export type { SecretStore } from '../secrets';

/** Keychain errors carry a code and a plain message (KeychainUnavailableError of the secret store). */
export function asKeychainFailure(err: unknown): KeychainFailure | null {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: unknown; message: unknown; hint?: unknown; name?: unknown };
    if (
      typeof e.code === 'string' &&
      typeof e.message === 'string' &&
      (e.name === 'KeychainUnavailableError' || e.code.startsWith('keychain'))
    )
      return { code: e.code, message: e.message, hint: typeof e.hint === 'string' ? e.hint : undefined };
  }
  return null;
}
