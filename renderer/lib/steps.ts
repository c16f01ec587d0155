// The wizard's steps, which config paths each one edits, and step validation through the
// contract's own ConfigSchema (the very rules main applies when it saves).
import { ConfigSchema } from '../../electron/contract/config';
import type { SaveStage } from '../../electron/contract/ipc';
import { buildConfig, secretPresent, SECRET_PATHS, type FormModel, type SecretField } from './form';

export const ALL_STEPS = ['deployment', 'database', 'dify', 'signin', 'review'] as const;
export type StepId = (typeof ALL_STEPS)[number];

export const STEP_FIELDS: Record<StepId, readonly string[]> = {
  deployment: ['apiBaseUrl'],
  database: [
    'backend.database.host',
    'backend.database.port',
    'backend.database.user',
    'backend.database.password',
    'backend.database.database',
  ],
  dify: [
    'backend.externalApis.difyApiUrl',
    'backend.externalApis.difyApiKey',
    'backend.externalApis.difySttApiKey',
  ],
  signin: [
    'backend.externalApis.authApiUrl',
    'backend.auth.adminEmail',
    'backend.auth.jwtSecret',
    'backend.auth.jwtExpireHours',
  ],
  review: [],
};

/** Server mode needs only the address: the company's backend owns the rest. */
export function stepsFor(embedded: boolean): StepId[] {
  return embedded ? [...ALL_STEPS] : ['deployment', 'review'];
}

export function isStep(s: unknown): s is StepId {
  return typeof s === 'string' && (ALL_STEPS as readonly string[]).includes(s);
}

/** Which step edits `path` (a field or one of its parents); `review` when none does. */
export function stepForPath(path: string, embedded = true): StepId {
  const steps = stepsFor(embedded);
  for (const step of steps) {
    if (STEP_FIELDS[step].some((f) => f === path || f.startsWith(`${path}.`) || path.startsWith(`${f}.`))) {
      return step;
    }
  }
  return 'review';
}

/** Every problem ConfigSchema finds in the form, as dotted path -> first message. */
export function configIssues(base: unknown, model: FormModel): Record<string, string> {
  const result = ConfigSchema.safeParse(buildConfig(base, model, true));
  const out: Record<string, string> = {};
  if (result.success) return out;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (SECRET_PATHS.includes(path as SecretField) && secretPresent(model, path as SecretField)) {
      // A stored secret is not in the form; the schema cannot see it, main can.
      if (!model.secrets[path as SecretField]) continue;
    }
    if (!(path in out)) out[path] = issue.message;
  }
  return out;
}

/** Problems on the fields of one step, in the order the fields appear. */
export function validateStep(step: StepId, model: FormModel, base: unknown = {}): Record<string, string> {
  const fields = fieldsOf(step, model);
  const all = configIssues(base, model);
  const out: Record<string, string> = {};
  for (const field of fields) {
    const hit = Object.keys(all).find((p) => p === field || field.startsWith(`${p}.`));
    if (hit) out[field] = all[hit] as string;
  }
  return out;
}

export function fieldsOf(step: StepId, model: FormModel): readonly string[] {
  if (step === 'deployment') return model.values.backend.embedded ? [] : STEP_FIELDS.deployment;
  return STEP_FIELDS[step];
}

/** Where Finish/Save sends the user back to when a stage fails. */
export function stepForFailure(
  stage: SaveStage,
  problems: Array<{ path: string }>,
  embedded: boolean,
): StepId {
  if (stage === 'validate' && problems[0]) return stepForPath(problems[0].path, embedded);
  if (stage === 'backend' || stage === 'health') return embedded ? 'database' : 'deployment';
  return 'review';
}
