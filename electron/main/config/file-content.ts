// What goes into a config.json the app writes: the validated config, plus any keys the
// administrator added that the app does not know (kept so their additions are never lost),
// minus every secret field (those live in the OS keychain).
import { SECRET_FIELDS, isPlainObject, type Config } from '../../contract/config';

type RawObject = Record<string, unknown>;

// defineProperty, not assignment: a "__proto__" key from JSON must stay a plain key.
const put = (obj: RawObject, key: string, value: unknown) =>
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });

/** Deep copy of `known` with keys from `raw` that `known` lacks added after the known ones. */
export function mergeUnknownKeys(known: unknown, raw: unknown): unknown {
  if (!isPlainObject(known)) return known;
  const out: RawObject = {};
  for (const [key, value] of Object.entries(known)) {
    put(out, key, mergeUnknownKeys(value, isPlainObject(raw) ? raw[key] : undefined));
  }
  if (isPlainObject(raw)) {
    for (const [key, value] of Object.entries(raw)) if (!Object.hasOwn(known, key)) put(out, key, value);
  }
  return out;
}

/** Removes every secret field from a raw config object (a copy; non-objects come back as is). */
export function withoutSecretKeys(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw;
  const copy = structuredClone(raw);
  for (const field of SECRET_FIELDS) {
    const keys = field.split('.');
    const last = keys.pop() as string;
    let parent: unknown = copy;
    for (const key of keys) parent = isPlainObject(parent) ? parent[key] : undefined;
    if (isPlainObject(parent)) delete parent[last];
  }
  return copy;
}

/** True if any secret field holds a non-empty value in this raw object. */
export function hasSecretValues(raw: unknown): boolean {
  return SECRET_FIELDS.some((field) => {
    let value: unknown = raw;
    for (const key of field.split('.')) value = isPlainObject(value) ? value[key] : undefined;
    return value !== undefined && value !== '';
  });
}

export function serializeConfig(config: Config, rawForUnknownKeys?: unknown): string {
  const merged = withoutSecretKeys(mergeUnknownKeys(config, rawForUnknownKeys));
  return `${JSON.stringify(merged, null, 2)}\n`;
}
