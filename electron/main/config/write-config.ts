// writeConfigFile and restoreBackup: the only ways the app changes a config.json on disk.
import { isPlainObject, validateConfig, type Config } from '../../contract/config';
import { atomicWrite, type AtomicWriteOptions } from './atomic-write';
import { hasSecretValues, serializeConfig, withoutSecretKeys } from './file-content';
import { errorCode, nodeConfigFs, type ConfigFs } from './fs-ops';
import { readConfigFile, type ReadResult } from './read-config';
import { ConfigWriteError, toWriteError } from './write-errors';

export type WriteOptions = {
  /** The file's raw JSON as read; keys the app does not know are carried over from it. */
  rawForUnknownKeys?: unknown;
  fs?: ConfigFs;
  platform?: NodeJS.Platform;
  sleep?: (ms: number) => Promise<void>;
};

export const backupPathFor = (configPath: string): string => `${configPath}.bak`;

function atomicOptions(opts: WriteOptions): AtomicWriteOptions {
  return {
    fs: opts.fs ?? nodeConfigFs,
    platform: opts.platform ?? process.platform,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

async function readIfExists(fs: ConfigFs, file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw toWriteError(error, file, 'read');
  }
}

/**
 * What became of the previous file: kept as config.json.bak, or not, because there was none or
 * because it was not a JSON object (then its secrets cannot be told apart, and an older .bak, if
 * any, is left as it was).
 */
export type BackupOutcome = 'kept' | 'no_previous_file' | 'skipped_not_json';

/**
 * What the .bak file gets: the previous file byte-for-byte, unless it held secrets in plain text
 * (a hand-edited file); then a copy without them, because the app never writes a secret to disk.
 * A file that is not a JSON object gets no backup at all: it may hold a password in plain text
 * that no parser can find and remove.
 */
function backupContent(previous: Buffer): Buffer | string | null {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(previous));
  } catch {
    return null;
  }
  if (!isPlainObject(raw)) return null;
  return hasSecretValues(raw) ? `${JSON.stringify(withoutSecretKeys(raw), null, 2)}\n` : previous;
}

async function replaceKeepingBackup(
  configPath: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions,
): Promise<BackupOutcome> {
  const previous = await readIfExists(opts.fs, configPath);
  const backup = previous === null ? null : backupContent(previous);
  // The backup goes first: if anything after it fails, config.json is still the old file and the
  // .bak is a copy of it, so nothing is lost either way.
  if (backup !== null) await atomicWrite(backupPathFor(configPath), backup, opts, configPath);
  await atomicWrite(configPath, data, opts);
  if (previous === null) return 'no_previous_file';
  return backup === null ? 'skipped_not_json' : 'kept';
}

/**
 * Writes `config` to `configPath` atomically, keeping the previous file as config.json.bak.
 * Secret fields are never written; unknown keys from `rawForUnknownKeys` are kept.
 * Throws ConfigWriteError; on any failure the existing config.json is unchanged.
 */
export async function writeConfigFile(
  configPath: string,
  config: Config,
  options: WriteOptions = {},
): Promise<BackupOutcome> {
  const text = serializeConfig(config, options.rawForUnknownKeys);
  const check = validateConfig(JSON.parse(text));
  if (!check.ok) {
    const list = check.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new ConfigWriteError(
      'invalid_config',
      configPath,
      `These settings were not saved because they are not valid: ${list}`,
    );
  }
  return replaceKeepingBackup(configPath, text, atomicOptions(options));
}

/**
 * Puts config.json.bak back as config.json. The two swap places, so restoring twice undoes the
 * restore. Returns what the restored file now reads as.
 */
export async function restoreBackup(
  configPath: string,
  options: Omit<WriteOptions, 'rawForUnknownKeys'> = {},
): Promise<ReadResult> {
  const opts = atomicOptions(options);
  const backup = await readIfExists(opts.fs, backupPathFor(configPath));
  if (backup === null) {
    throw new ConfigWriteError(
      'no_backup',
      configPath,
      `There is no backup to restore: ${backupPathFor(configPath)} does not exist.`,
    );
  }
  await replaceKeepingBackup(configPath, backup, opts);
  return readConfigFile(configPath, opts.fs);
}
