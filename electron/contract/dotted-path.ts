// Dotted-path access to plain objects (config fields like `backend.database.password`).
// Browser-safe: no Node or Electron imports.

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getPath(obj: unknown, dotted: string): unknown {
  let node: unknown = obj;
  for (const key of dotted.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Returns a deep copy of `obj` with `dotted` set, creating objects on the way. */
export function withPath<T>(obj: T, dotted: string, value: unknown): T {
  const copy = structuredClone(obj) as unknown as Json;
  const keys = dotted.split('.');
  let node: Json = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[keys[keys.length - 1]!] = value;
  return copy as unknown as T;
}

/** Returns a deep copy of `obj` with each path removed (or emptied, when `empty` is given). */
export function withoutPaths<T>(obj: T, paths: readonly string[], empty?: unknown): T {
  const copy = structuredClone(obj) as unknown as Json;
  for (const dotted of paths) {
    const keys = dotted.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) node = isRecord(node) ? node[key] : undefined;
    const last = keys[keys.length - 1]!;
    if (isRecord(node) && last in node) {
      if (empty === undefined) delete node[last];
      else node[last] = empty;
    }
  }
  return copy as unknown as T;
}
