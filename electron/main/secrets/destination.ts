// Where a stored secret may be sent: the database password only to the host, port and user it was
// saved with, a Dify key only to the Dify origin it was saved with. The binding is a non-secret
// string kept in the keychain beside the secret (secret-store.ts), so both have the same
// protection and are written together. Plain functions: the controller and the tests use them.
import type { SecretField } from '../../contract/config';
export { SECRET_DESTINATION_CHANGED } from '../../contract/ipc';

/** The secrets that are sent to another server, and so are bound to it. */
export const BOUND_FIELDS = [
  'backend.database.password',
  'backend.externalApis.difyApiKey',
  'backend.externalApis.difySttApiKey',
] as const satisfies readonly SecretField[];
export type BoundField = (typeof BOUND_FIELDS)[number];

export function isBoundField(field: SecretField): field is BoundField {
  return (BOUND_FIELDS as readonly string[]).includes(field);
}

export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
}

/** `mysql://user@host:port`, host lower-cased; user and host URI-encoded so no part can spoof another. */
export function databaseDestination(t: DatabaseTarget): string | null {
  const host = t.host.trim().toLowerCase();
  if (!host || !Number.isInteger(t.port)) return null;
  return `mysql://${encodeURIComponent(t.user)}@${encodeURIComponent(host)}:${t.port}`;
}

/** The origin (scheme, host, port) of an http(s) Dify address; null for anything else. */
export function difyDestination(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.origin;
}

/** The destination a config sends `field` to; null when it sends it nowhere (no host, no URL). */
export function configDestination(config: unknown, field: BoundField): string | null {
  const backend = (config as { backend?: Record<string, unknown> } | null)?.backend;
  if (!backend || typeof backend !== 'object') return null;
  if (field === 'backend.database.password') {
    const db = backend.database as Partial<DatabaseTarget> | undefined;
    if (!db || typeof db.host !== 'string') return null;
    return databaseDestination({ host: db.host, port: Number(db.port), user: String(db.user ?? '') });
  }
  const apis = backend.externalApis as { difyApiUrl?: unknown } | undefined;
  return typeof apis?.difyApiUrl === 'string' ? difyDestination(apis.difyApiUrl) : null;
}

export type SecretReuse =
  | { kind: 'none' }
  | { kind: 'reuse'; value: string }
  /** A secret is stored, but for another destination (or one that is unknown): ask for it again. */
  | { kind: 'changed' };

/**
 * May the stored secret go to `requested`? Only when it was saved for exactly that destination.
 * `boundTo` is the binding record, or (for a secret saved before bindings existed) the destination
 * of the config it was saved with; null when neither is known, which never allows reuse.
 */
export function decideReuse(
  stored: string | null,
  boundTo: string | null,
  requested: string | null,
): SecretReuse {
  if (!stored) return { kind: 'none' };
  if (boundTo === null || requested === null || boundTo !== requested) return { kind: 'changed' };
  return { kind: 'reuse', value: stored };
}

/** The sentence the handler and the save give (the renderer has its own, translated). */
export function destinationChangedMessage(field: BoundField): string {
  return field === 'backend.database.password'
    ? 'The password is needed again because the server changed.'
    : 'The API key is needed again because the Dify address changed.';
}
