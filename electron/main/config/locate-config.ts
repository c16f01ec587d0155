// locateConfig: finds the config.json the app should use. First hit wins:
//   1. MEETING_ASSISTANT_CONFIG (a path to a file),
//   2. <userDataDir>/config.json (the user's own, written by the app),
//   3. <machineDir>/config.json (the administrator's machine-wide file: %ProgramData%, /etc, /Library),
//   4. <adminDir>/config.json (the administrator's, beside the executable).
// The administrator's files are never modified.
// A file that exists but is invalid is still a hit: falling through to another file would hide
// the administrator's or user's mistake instead of showing it.
import * as path from 'node:path';
import type { ConfigFs } from './fs-ops';
import { readConfigFile, type ReadResult } from './read-config';

export const CONFIG_ENV_VAR = 'MEETING_ASSISTANT_CONFIG';
export const CONFIG_FILE_NAME = 'config.json';

export type ConfigSource = 'env' | 'user' | 'machine' | 'admin';
export type LocatedConfig = { source: ConfigSource; path: string; result: ReadResult };

export type LocateOptions = {
  env: Readonly<Record<string, string | undefined>>;
  userDataDir: string;
  /** The machine-wide administrator's folder (machineConfigDir); absent in tests and development. */
  machineDir?: string;
  /** The folder of the executable; absent in development or tools that have none. */
  adminDir?: string;
  fs?: Pick<ConfigFs, 'readFile'>;
};

/** Candidate files in lookup order (exported so the UI and docs can show where it looked). */
export function configCandidates(
  opts: Omit<LocateOptions, 'fs'>,
): Array<{ source: ConfigSource; path: string }> {
  const candidates: Array<{ source: ConfigSource; path: string }> = [];
  const fromEnv = opts.env[CONFIG_ENV_VAR]?.trim();
  if (fromEnv) candidates.push({ source: 'env', path: path.resolve(fromEnv) });
  candidates.push({ source: 'user', path: path.join(opts.userDataDir, CONFIG_FILE_NAME) });
  if (opts.machineDir !== undefined)
    candidates.push({ source: 'machine', path: path.join(opts.machineDir, CONFIG_FILE_NAME) });
  if (opts.adminDir !== undefined)
    candidates.push({ source: 'admin', path: path.join(opts.adminDir, CONFIG_FILE_NAME) });
  return candidates;
}

/**
 * Returns the first file that exists, or null if none does. An explicit MEETING_ASSISTANT_CONFIG
 * is always the answer, even when that file is missing: an administrator who set it expects that
 * file, and quietly using another one would be a surprise.
 */
export async function locateConfig(opts: LocateOptions): Promise<LocatedConfig | null> {
  for (const candidate of configCandidates(opts)) {
    const result = await readConfigFile(candidate.path, opts.fs);
    if (result.status !== 'missing' || candidate.source === 'env') return { ...candidate, result };
  }
  return null;
}

/**
 * Electron's default userData folder for an app named `appName`, for tools that run without
 * Electron (config:check). The app itself should use app.getPath('userData').
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  appName = 'Meeting Assistant',
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', appName);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), appName);
}

/**
 * The machine-wide folder an administrator (or the installer, Intune, SCCM) puts config.json and
 * policy.json in. Only administrators can write there, every user can read it.
 */
export function machineConfigDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (platform === 'win32')
    return path.win32.join(env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData', 'Meeting Assistant');
  if (platform === 'darwin') return '/Library/Application Support/Meeting Assistant';
  return '/etc/meeting-assistant';
}
