// Versioned migrations of config.json. Each step takes the raw object of version N to N+1, so a
// file from any earlier release is brought forward one step at a time. Pure: the caller decides
// whether the migrated object is ever written back.
import type { ConfigProblem } from './config-problem';
import { CONFIG_VERSION } from './config-schema';

type RawObject = Record<string, unknown>;

export type MigrationResult =
  | { ok: true; raw: RawObject; fromVersion: number; toVersion: number }
  | { ok: false; problem: ConfigProblem };

/** Step i migrates version i to version i + 1. */
const STEPS: ReadonlyArray<(raw: RawObject) => RawObject> = [
  // 0 -> 1: the seed file had no `version`; its fields are unchanged, `whisper` gets defaults
  // from the schema and a missing `backend.embedded` stays false (a remote backend).
  (raw) => ({ version: 1, ...raw }),
];

export function isPlainObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const TOP_LEVEL_MESSAGE =
  'must be a JSON object: the whole file is one { ... } with the settings inside';

export function migrateConfig(raw: unknown): MigrationResult {
  if (!isPlainObject(raw)) return { ok: false, problem: { path: '', message: TOP_LEVEL_MESSAGE } };
  const declared = raw.version;
  if (
    declared !== undefined &&
    !(typeof declared === 'number' && Number.isInteger(declared) && declared >= 1)
  ) {
    return {
      ok: false,
      problem: {
        path: 'version',
        message: `must be a whole number from 1 to ${CONFIG_VERSION}, or left out`,
      },
    };
  }
  const fromVersion = declared ?? 0;
  if (fromVersion > CONFIG_VERSION) {
    return {
      ok: false,
      problem: {
        path: 'version',
        message: `is ${fromVersion}, from a newer Meeting Assistant; this version understands up to ${CONFIG_VERSION}, so update the app`,
      },
    };
  }
  let migrated: RawObject = raw;
  for (let v = fromVersion; v < CONFIG_VERSION; v++) {
    const step = STEPS[v];
    if (step === undefined) throw new Error(`missing config migration from version ${v}`);
    migrated = { ...step(migrated), version: v + 1 };
  }
  return { ok: true, raw: migrated, fromVersion, toVersion: CONFIG_VERSION };
}
