// Shared test helpers: a valid base config (the shipped example) and immutable edits of it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_PATH = fileURLToPath(new URL('../../../config.example.json', import.meta.url));

export function exampleRaw(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as Record<string, unknown>;
}

/** A copy of `raw` with the dotted `path` set to `value`, or removed when value is REMOVE. */
export const REMOVE = Symbol('remove');
export function withValue(raw: unknown, path: string, value: unknown): unknown {
  if (path === '') return value;
  const copy = structuredClone(raw) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let parent = copy;
  for (const key of keys) parent = parent[key] as Record<string, unknown>;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
}
