// The editable form model shared by the wizard and the settings screen: non-secret values in the
// shape of config.json, secrets typed in this session (memory only), and which secrets the
// keychain already holds. Field keys are the config's dotted paths everywhere.
import { SECRET_FIELDS } from '../../electron/contract/config';
import { SECRET_DESTINATION_CHANGED, type Problem } from '../../electron/contract/ipc';
import type { DatabaseSslMode } from '../../electron/contract/config-fields';

export type SecretField = (typeof SECRET_FIELDS)[number];
export const SECRET_PATHS: readonly SecretField[] = SECRET_FIELDS;

export interface FormValues {
  apiBaseUrl: string;
  backend: {
    embedded: boolean;
    database: {
      host: string;
      port: number | '';
      user: string;
      database: string;
      /** Kept from config.json and sent with the connection test; no form field yet. */
      ssl: DatabaseSslMode;
      sslCa: string;
    };
    externalApis: { authApiUrl: string; difyApiUrl: string };
    auth: { adminEmail: string; jwtExpireHours: number | '' };
  };
}

export type TestStatus = 'idle' | 'running' | 'ok' | 'fail';
export interface TestState {
  status: TestStatus;
  text: string;
  hint?: string;
  detail?: string;
  /** The values the result belongs to; a change makes the result stale. */
  fingerprint?: string;
}

export interface FormModel {
  values: FormValues;
  secrets: Partial<Record<SecretField, string>>;
  stored: SecretField[];
  replacing: Partial<Record<SecretField, boolean>>;
  /** Messages shown under fields: from blur/submit validation and from a failed save. */
  errors: Record<string, string>;
  tests: Record<string, TestState>;
}

export const DEFAULT_API_BASE_URL = 'http://localhost:8000/api';

export function emptyValues(): FormValues {
  return {
    apiBaseUrl: '',
    backend: {
      embedded: true,
      database: { host: '', port: 33306, user: '', database: '', ssl: 'preferred', sslCa: '' },
      externalApis: { authApiUrl: '', difyApiUrl: '' },
      auth: { adminEmail: '', jwtExpireHours: 24 },
    },
  };
}

export function emptyModel(): FormModel {
  return { values: emptyValues(), secrets: {}, stored: [], replacing: {}, errors: {}, tests: {} };
}

/** Deep copy of plain JSON data; works on Vue proxies, unlike structuredClone. */
export function jsonClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), obj);
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isRecord(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** Non-secret paths the forms edit, in the order fields appear. */
export const VALUE_PATHS = [
  'backend.embedded',
  'apiBaseUrl',
  'backend.database.host',
  'backend.database.port',
  'backend.database.user',
  'backend.database.database',
  'backend.database.ssl',
  'backend.database.sslCa',
  'backend.externalApis.difyApiUrl',
  'backend.externalApis.authApiUrl',
  'backend.auth.adminEmail',
  'backend.auth.jwtExpireHours',
] as const;

const NUMBER_PATHS = new Set(['backend.database.port', 'backend.auth.jwtExpireHours']);

/** Copies whatever a (possibly partial or foreign) config has into form values; wrong types are skipped. */
export function valuesFrom(source: unknown, into: FormValues = emptyValues()): FormValues {
  const out = jsonClone(into) as unknown as Record<string, unknown>;
  for (const path of VALUE_PATHS) {
    const v = getPath(source, path);
    if (v === undefined || v === null) continue;
    // A number field keeps a non-number as text, so the user sees (and fixes) what the file says.
    const fits = NUMBER_PATHS.has(path)
      ? typeof v === 'number' || typeof v === 'string'
      : typeof v === typeof getPath(out, path);
    if (fits) setPath(out, path, v);
  }
  return out as unknown as FormValues;
}

/** Plain, JSON-safe copy of the values (what the draft persists). */
export function plainValues(values: FormValues): FormValues {
  return JSON.parse(JSON.stringify(values)) as FormValues;
}

export function secretPresent(model: FormModel, field: SecretField): boolean {
  return Boolean(model.secrets[field]) || (model.stored.includes(field) && !model.replacing[field]);
}

/**
 * The config to validate or save: `base` (the admin's file, a draft or the current config, which
 * keeps fields the forms do not edit, e.g. whisper and unknown keys) overlaid with the form values.
 * Secrets are left out unless `withSecrets` (validation only: never sent as config).
 */
export function buildConfig(base: unknown, model: FormModel, withSecrets = false): Record<string, unknown> {
  const out = (isRecord(base) ? jsonClone(base) : {}) as Record<string, unknown>;
  const v = model.values as unknown as Record<string, unknown>;
  for (const path of VALUE_PATHS) {
    let value = getPath(v, path);
    if (value === '' && (path.endsWith('port') || path.endsWith('Hours'))) value = undefined;
    setPath(out, path, value);
  }
  if (model.values.backend.embedded && !model.values.apiBaseUrl) {
    setPath(out, 'apiBaseUrl', getPath(base, 'apiBaseUrl') ?? DEFAULT_API_BASE_URL);
  }
  for (const field of SECRET_PATHS) {
    setPath(out, field, withSecrets ? (model.secrets[field] ?? '') : undefined);
  }
  return out;
}

/** The secrets to send with a save: only those typed in this session. */
export function typedSecrets(model: FormModel): Partial<Record<SecretField, string>> {
  const out: Partial<Record<SecretField, string>> = {};
  for (const field of SECRET_PATHS) {
    const value = model.secrets[field];
    if (value) out[field] = value;
  }
  return out;
}

export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}

/**
 * Main refused to reuse a stored secret because where it goes changed: open each such field for
 * typing (its message is already under it), instead of showing "stored in the keychain".
 */
export function openAskedSecrets(model: FormModel, code: string, problems: readonly Problem[]): void {
  if (code !== SECRET_DESTINATION_CHANGED) return;
  for (const p of problems)
    if ((SECRET_PATHS as readonly string[]).includes(p.path)) model.replacing[p.path as SecretField] = true;
}
