// writeConfigFile and restoreBackup: the only ways the app changes a config.json on disk.
import { validateConfig, type Config } from '../../contract/config';
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
 * What the .bak file gets: the previous file byte-for-byte, unless it held secrets in plain text
 * (a hand-edited file); then a copy without them, because the app never writes a secret to disk.
 */
function backupContent(previous: Buffer): Buffer | string {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(previous));
  } catch {
    return previous;
  }
  return hasSecretValues(raw) ? `${JSON.stringify(withoutSecretKeys(raw), null, 2)}\n` : previous;
}

async function replaceKeepingBackup(
  configPath: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions,
): Promise<void> {
  const previous = await readIfExists(opts.fs, configPath);
  // The backup goes first: if anything after it fails, config.json is still the old file and the
  // .bak is a copy of it, so nothing is lost either way.
  if (previous !== null)
    await atomicWrite(backupPathFor(configPath), backupContent(previous), opts, configPath);
  await atomicWrite(configPath, data, opts);
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
): Promise<void> {
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
  await replaceKeepingBackup(configPath, text, atomicOptions(options));
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
