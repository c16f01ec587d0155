// The wizard's steps, which config paths each one edits, and step validation through the
// contract's own ConfigSchema (the very rules main applies when it saves).
import {
  API_BASE_URL_REQUIRED_MESSAGE,
  ConfigSchema,
  REQUIRED_WHEN_EMBEDDED_MESSAGE,
  requiredSecrets,
  validateConfig,
} from '../../electron/contract/config';
import type { SaveStage } from '../../electron/contract/ipc';
import { buildConfig, getPath, secretPresent, SECRET_PATHS, type FormModel, type SecretField } from './form';

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

/**
 * The steps left once the administrator's policy is applied: a step whose every field is locked
 * has nothing to ask, so the wizard skips it (review always stays).
 */
export function unlockedSteps(embedded: boolean, isLocked: (path: string) => boolean): StepId[] {
  return stepsFor(embedded).filter((step) => {
    if (step === 'review') return true;
    const fields =
      step === 'deployment'
        ? ['backend.embedded', ...(embedded ? [] : STEP_FIELDS.deployment)]
        : STEP_FIELDS[step];
    return !fields.every(isLocked);
  });
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

/** A message the renderer translates itself (see `fieldMessage` in useFormValidation). */
export const REQUIRED = 'i18n:common.requiredField';

/** The contract's fragments ("must be …") as a sentence under the field. */
export function asSentence(message: string): string {
  if (message === REQUIRED_WHEN_EMBEDDED_MESSAGE || message === API_BASE_URL_REQUIRED_MESSAGE)
    return REQUIRED;
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * Every problem main's validateConfig (ConfigSchema plus the embedded/server rules) finds in the
 * form, as dotted path -> message, plus required secrets that are neither typed nor stored.
 */
export function configIssues(base: unknown, model: FormModel): Record<string, string> {
  const raw = buildConfig(base, model, true);
  const result = validateConfig(raw);
  const out: Record<string, string> = {};
  const problems = result.ok ? [] : result.problems;
  for (const p of problems) {
    const field = p.path as SecretField;
    // A stored secret is not in the form; the schema cannot see it, main can.
    if (SECRET_PATHS.includes(field) && !model.secrets[field] && secretPresent(model, field)) continue;
    if (!(p.path in out)) out[p.path] = asSentence(p.message);
  }
  // An emptied number field would silently take the schema default; ask for a value instead.
  for (const path of ['backend.database.port', 'backend.auth.jwtExpireHours']) {
    if (getPath(model.values, path) === '' && !(path in out)) out[path] = REQUIRED;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (parsed.success) {
    for (const field of requiredSecrets(parsed.data)) {
      if (!secretPresent(model, field) && !(field in out)) out[field] = REQUIRED;
    }
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
