// validateConfig: migrate, parse with the schema, then apply the rules that depend on the mode.
// Every problem is collected (never just the first), one per field, in the order fields appear
// in the documentation, so an administrator can fix a file in one pass.
import type { z } from 'zod';
import { MESSAGES, hostProblem, loopbackHostProblem } from './config-fields';
import { isPlainObject, migrateConfig } from './config-migrate';
import type { ConfigProblem } from './config-problem';
import { ConfigSchema, DEFAULT_CONFIG, type Config } from './config-schema';

export type ValidationResult =
  | { ok: true; config: Config; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[]; warnings: ConfigProblem[] };

export const UNKNOWN_KEY_MESSAGE =
  'is not a setting Meeting Assistant knows; it is kept unchanged when the app saves the file';

/** Fields that must be filled in when the backend runs on this computer. */
export const REQUIRED_WHEN_EMBEDDED = [
  'backend.host',
  'backend.database.host',
  'backend.database.user',
  'backend.database.database',
  'backend.externalApis.authApiUrl',
  'backend.externalApis.difyApiUrl',
  'backend.auth.adminEmail',
] as const;

export const REQUIRED_WHEN_EMBEDDED_MESSAGE = 'is required when backend.embedded is true';
export const API_BASE_URL_REQUIRED_MESSAGE =
  'is required when backend.embedded is false: it is the address of the existing backend, like https://meetings.example.com/api';

/** Every known dotted path, in document order (used to sort problems and to spot unknown keys). */
export const KNOWN_PATHS: readonly string[] = flattenPaths(DEFAULT_CONFIG);

function flattenPaths(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...flattenPaths(inner, path)];
  });
}

export function getPath(raw: unknown, path: string): unknown {
  let current: unknown = raw;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Keys in `raw` that the schema does not know, as dotted paths (not descending into them). */
export function unknownKeys(raw: unknown, known: unknown = DEFAULT_CONFIG, prefix = ''): string[] {
  if (!isPlainObject(raw) || !isPlainObject(known)) return [];
  return Object.keys(raw).flatMap((key) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return Object.hasOwn(known, key) ? unknownKeys(raw[key], known[key], path) : [path];
  });
}

function embeddedProblems(raw: Record<string, unknown>): ConfigProblem[] {
  // A missing key takes its schema default (DEFAULT_CONFIG holds the same values for these paths).
  const isEmpty = (path: string) => (getPath(raw, path) ?? getPath(DEFAULT_CONFIG, path)) === '';
  const problems = REQUIRED_WHEN_EMBEDDED.filter(isEmpty).map((path) => ({
    path,
    message: REQUIRED_WHEN_EMBEDDED_MESSAGE,
  }));
  // Only the embedded backend listens, so only then must it be loopback; a bad host name is
  // already reported by the schema.
  const host = getPath(raw, 'backend.host');
  if (typeof host === 'string' && host !== '' && hostProblem(host) === null) {
    const message = loopbackHostProblem(host);
    if (message !== null) problems.push({ path: 'backend.host', message });
  }
  return problems;
}

function remoteProblems(raw: Record<string, unknown>): ConfigProblem[] {
  // A missing apiBaseUrl takes its default; an explicitly empty one is a mistake.
  return getPath(raw, 'apiBaseUrl') === ''
    ? [{ path: 'apiBaseUrl', message: API_BASE_URL_REQUIRED_MESSAGE }]
    : [];
}

/** The rules that depend on backend.embedded (skipped when embedded itself is not a boolean). */
function modeProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const embedded = getPath(raw, 'backend.embedded');
  if (embedded === true) return embeddedProblems(raw);
  if (embedded === false || embedded === undefined) return remoteProblems(raw);
  return [];
}

function issueProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    // The schema gives every issue a plain sentence; this fallback is for a zod change we missed.
    message: issue.message || MESSAGES.section,
  }));
}

const order = (path: string) => {
  const i = KNOWN_PATHS.indexOf(path);
  return i === -1 ? KNOWN_PATHS.length : i;
};

/**
 * One problem per path (the first found), none under a section that is itself wrong (a section
 * given as a string should not also list each of its fields as missing), in document order.
 */
function tidy(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const under = (path: string, parent: string) => parent !== '' && path.startsWith(`${parent}.`);
  const unique = problems
    .filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)))
    .filter((p, _, all) => !all.some((q) => under(p.path, q.path)));
  return unique
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p.path) - order(b.p.path) || a.i - b.i)
    .map(({ p }) => p);
}

export function validateConfig(raw: unknown): ValidationResult {
  const migrated = migrateConfig(raw);
  if (!migrated.ok) return { ok: false, problems: [migrated.problem], warnings: [] };
  const warnings = unknownKeys(migrated.raw).map((path) => ({ path, message: UNKNOWN_KEY_MESSAGE }));
  const parsed = ConfigSchema.safeParse(migrated.raw);
  const problems = tidy([
    ...(parsed.success ? [] : issueProblems(parsed.error)),
    ...modeProblems(migrated.raw),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems, warnings };
  return { ok: true, config: parsed.data, warnings };
}
