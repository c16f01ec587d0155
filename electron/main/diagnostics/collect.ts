// What a diagnostics bundle holds, as file name -> text. Plain Node: every source is passed in, so
// a test can run it after a real launch and scan the result. Secrets never enter: the config is
// stripped of them (only the names of the ones that are set are listed), and every text goes
// through a redactor built from the secret values themselves, logs included.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, LockedFields, SecretField } from '../../contract/config';
import { SECRET_FIELDS, stripSecrets } from '../../contract/config';
import type { LaunchState } from '../../contract/ipc';
import { createRedactor } from '../sidecar/redact';

export interface DiagnosticsSources {
  /** The config in use, the file it came from, and which secrets are stored. */
  config(): Promise<{ config: Config; source: { kind: string; path: string }; secretsStored: SecretField[] }>;
  lockedFields(): LockedFields;
  /** The secret values (keychain, or a plaintext file): used only to redact, never written. */
  secretValues(): Promise<string[]>;
  /** The launch state now and the steps of the last launch. */
  launchState(): { state: LaunchState; steps: unknown[] };
  /** The backend's health now, or why it could not be asked. */
  health(): Promise<unknown>;
  versions(): Promise<Record<string, unknown>>;
  logsDir: string;
  recordingsDir: string;
  now?: () => Date;
}

/** Total bytes and files under `dir` (0 when it does not exist yet). */
export async function folderSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return { bytes, files };
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    try {
      bytes += (await fs.stat(path.join(e.parentPath, e.name))).size;
      files += 1;
    } catch {
      // Removed while we counted.
    }
  }
  return { bytes, files };
}

async function logFiles(logsDir: string): Promise<Array<[string, string]>> {
  let names: string[];
  try {
    names = await fs.readdir(logsDir);
  } catch {
    return [];
  }
  const logs = names.filter((n) => /\.log(\.\d+)?$/.test(n)).sort();
  const out: Array<[string, string]> = [];
  for (const name of logs) out.push([`logs/${name}`, await fs.readFile(path.join(logsDir, name), 'utf8')]);
  return out;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function settle<T>(f: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await f();
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export async function collectDiagnostics(src: DiagnosticsSources): Promise<Record<string, string>> {
  const redact = createRedactor(await src.secretValues());
  const view = await src.config();
  const files: Array<[string, string]> = [
    [
      'config.json',
      json({
        source: view.source,
        secretsSet: SECRET_FIELDS.filter((f) => view.secretsStored.includes(f)),
        config: stripSecrets(view.config),
      }),
    ],
    ['policy.json', json({ locked: src.lockedFields() })],
    ['versions.json', json(await settle(() => src.versions()))],
    ['launch.json', json(src.launchState())],
    ['health.json', json(await settle(() => src.health()))],
    ['recordings.json', json({ folder: src.recordingsDir, ...(await folderSize(src.recordingsDir)) })],
    ...(await logFiles(src.logsDir)),
  ];
  const createdAt = (src.now ?? (() => new Date()))().toISOString();
  files.push([
    'README.txt',
    `Meeting Assistant diagnostics, ${createdAt}.\r\nSecrets are left out: config.json lists only which are set, and every file is redacted.\r\n`,
  ]);
  return Object.fromEntries(files.map(([name, text]) => [name, redact(text)]));
}
