// Machine-wide policy (policy.json beside the machine-wide config.json): fields an administrator
// locks. Locked values override the user's, and the wizard and settings show them read-only.
// Browser-safe (zod only): main applies the policy, the renderer only reads which fields are locked.
import { z } from 'zod';
import { isPlainObject } from './config-migrate';
import type { ConfigProblem } from './config-problem';
import { ConfigSchema, DEFAULT_CONFIG, type Config } from './config-schema';
import { isSecretField } from './config-secrets';
import { KNOWN_PATHS, getPath } from './config-validate';

/** What the renderer and the launch logic know about the policy: dotted path -> locked value. */
export const LockedFieldsSchema = z.record(z.string(), z.unknown());
export type LockedFields = z.infer<typeof LockedFieldsSchema>;
export type Policy = { locked: LockedFields };

export const POLICY_FILE_NAME = 'policy.json';

export const POLICY_MESSAGES = {
  top: 'must be one JSON object like {"locked": {"apiBaseUrl": "https://meetings.example.com/api"}}',
  locked: 'must be an object of setting paths and values, like {"backend.embedded": false}',
  unknownTop: 'is not a policy key; only "locked" is read',
  unknownField: 'is not a setting Meeting Assistant knows; write the dotted path, like whisper.hubEndpoint',
  section: 'is a section; lock the single settings inside it, like backend.embedded',
  secret:
    'is a secret and cannot be locked: a policy file is readable by every user of the computer; let each user enter it in the wizard, or use server mode',
} as const;

/** Every setting that can be locked: the leaves of config.json except secrets and `version`. */
export const LOCKABLE_PATHS: readonly string[] = KNOWN_PATHS.filter(
  (p) => p !== 'version' && !isPlainObject(getPath(DEFAULT_CONFIG, p)) && !isSecretField(p),
);

/** Returns a copy of `raw` with `value` at the dotted `path` (sections created as needed). */
export function setPath(raw: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(raw);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
  return copy;
}

export type PolicyValidation =
  | { ok: true; policy: Policy; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[]; warnings: ConfigProblem[] };

/**
 * Checks a parsed policy.json: every locked path is a known, non-secret setting and its value is
 * one the config schema accepts for that setting. Every problem is collected, as for config.json.
 */
export function validatePolicy(raw: unknown): PolicyValidation {
  if (!isPlainObject(raw))
    return { ok: false, problems: [{ path: '', message: POLICY_MESSAGES.top }], warnings: [] };
  const warnings = Object.keys(raw)
    .filter((k) => k !== 'locked')
    .map((path) => ({ path, message: POLICY_MESSAGES.unknownTop }));
  const locked = raw.locked ?? {};
  if (!isPlainObject(locked))
    return { ok: false, problems: [{ path: 'locked', message: POLICY_MESSAGES.locked }], warnings };
  const problems: ConfigProblem[] = [];
  let probe: Record<string, unknown> = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(locked)) {
    const at = `locked.${field}`;
    if (isSecretField(field)) problems.push({ path: at, message: POLICY_MESSAGES.secret });
    else if (LOCKABLE_PATHS.includes(field)) probe = setPath(probe, field, value);
    else if (KNOWN_PATHS.includes(field)) problems.push({ path: at, message: POLICY_MESSAGES.section });
    else problems.push({ path: at, message: POLICY_MESSAGES.unknownField });
  }
  // The schema's own sentence for each locked value that it rejects.
  const parsed = ConfigSchema.safeParse(probe);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      if (Object.hasOwn(locked, field)) problems.push({ path: `locked.${field}`, message: issue.message });
    }
  }
  if (problems.length > 0) return { ok: false, problems, warnings };
  return { ok: true, policy: { locked: { ...locked } }, warnings };
}

/** The config object with every locked value in place (the user's values for those fields are dropped). */
export function applyPolicy(raw: Record<string, unknown>, policy: Policy | null): Record<string, unknown> {
  if (policy === null) return raw;
  return Object.entries(policy.locked).reduce((acc, [field, value]) => setPath(acc, field, value), raw);
}

/** Same for a parsed Config (the defaults, a config about to be saved). */
export function applyPolicyToConfig(config: Config, policy: Policy | null): Config {
  return applyPolicy(config as unknown as Record<string, unknown>, policy) as unknown as Config;
}

export const isLocked = (locked: LockedFields, field: string): boolean => Object.hasOwn(locked, field);
