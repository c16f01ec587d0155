// The first-run wizard: the draft across steps (persisted without secrets through
// wizard:saveDraft, so quitting loses no typed value), secrets in memory until Finish, and Finish.
import { defineStore } from 'pinia';
import { computed, reactive, ref, watch } from 'vue';
import type { Failure, LaunchState, Problem, SaveResult, SaveStage } from '../../electron/contract/ipc';
import { generateJwtSecret } from '../lib/jwt-secret';
import { invoke } from '../ipc';
import {
  buildConfig,
  emptyModel,
  getPath,
  openAskedSecrets,
  plainValues,
  setPath,
  typedSecrets,
  valuesFrom,
  type FormModel,
} from '../lib/form';
import { asSentence, isStep, stepForFailure, unlockedSteps, type StepId } from '../lib/steps';
import { useLaunchStore } from './launch';
import { usePolicyStore } from './policy';

type WizardLaunchState = Extract<LaunchState, { screen: 'wizard' }>;

export const DRAFT_DEBOUNCE_MS = 300;

export const useWizardStore = defineStore('wizard', () => {
  const model = reactive<FormModel>(emptyModel());
  const base = ref<Record<string, unknown>>({});
  const step = ref<StepId>('deployment');
  const targetPath = ref('');
  const source = ref<WizardLaunchState['source'] | null>(null);
  const draftRestored = ref(false);
  const ready = ref(false);
  const finishing = ref(false);
  const failure = ref<{ stage: SaveStage; failure: Failure; problems: Problem[] } | null>(null);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let stopAutosave: (() => void) | undefined;

  const policy = usePolicyStore();
  const steps = computed(() => unlockedSteps(model.values.backend.embedded, policy.isLocked));
  const index = computed(() => Math.max(0, steps.value.indexOf(step.value)));

  async function start(launch: WizardLaunchState): Promise<void> {
    Object.assign(model, emptyModel());
    base.value = (launch.prefill ?? {}) as Record<string, unknown>;
    model.values = valuesFrom(launch.prefill);
    model.stored = [...launch.secretsStored];
    targetPath.value = launch.targetPath;
    source.value = launch.source;
    if (!model.stored.includes('backend.auth.jwtSecret'))
      model.secrets['backend.auth.jwtSecret'] = generateJwtSecret();
    try {
      const draft = await invoke('wizard:loadDraft');
      if (draft) {
        model.values = valuesFrom(draft.values, model.values);
        if (isStep(draft.step) && steps.value.includes(draft.step)) step.value = draft.step;
        draftRestored.value = true;
      }
    } catch {
      // A draft is a convenience: without it the wizard starts from the prefill.
    }
    // A draft from before the policy must not show other values in locked fields.
    for (const [path, value] of Object.entries(policy.locked))
      if (getPath(model.values, path) !== undefined)
        setPath(model.values as unknown as Record<string, unknown>, path, value);
    if (!policy.backendBundled) model.values.backend.embedded = false;
    if (!steps.value.includes(step.value)) step.value = steps.value[0] ?? 'review';
    ready.value = true;
    stopAutosave?.();
    stopAutosave = watch(() => JSON.stringify(model.values), scheduleSave);
  }

  function scheduleSave(): void {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void saveDraft(), DRAFT_DEBOUNCE_MS);
  }

  async function saveDraft(): Promise<void> {
    clearTimeout(saveTimer);
    try {
      await invoke('wizard:saveDraft', {
        step: step.value,
        values: plainValues(model.values) as unknown as Record<string, unknown>,
        savedAt: new Date().toISOString(),
      });
    } catch {
      // Not fatal: the values are still in memory.
    }
  }

  function goTo(target: StepId): void {
    if (!steps.value.includes(target)) return;
    step.value = target;
    void saveDraft();
  }
  const next = () => goTo(steps.value[index.value + 1] ?? step.value);
  const back = () => goTo(steps.value[index.value - 1] ?? step.value);

  async function finish(): Promise<SaveResult | null> {
    finishing.value = true;
    failure.value = null;
    try {
      const result = await invoke('wizard:finish', {
        config: buildConfig(base.value, model),
        secrets: typedSecrets(model),
      });
      if (result.ok) {
        clearTimeout(saveTimer);
        stopAutosave?.();
        await invoke('wizard:clearDraft').catch(() => undefined);
        Object.keys(model.secrets).forEach((k) => delete model.secrets[k as keyof typeof model.secrets]);
        useLaunchStore().setState(result.state);
      } else {
        failure.value = { stage: result.stage, failure: result.failure, problems: result.problems };
        for (const p of result.problems) model.errors[p.path] = asSentence(p.message);
        openAskedSecrets(model, result.failure.code, result.problems);
        step.value = stepForFailure(result.stage, result.problems, model.values.backend.embedded);
      }
      return result;
    } finally {
      finishing.value = false;
    }
  }

  return {
    model,
    base,
    step,
    steps,
    index,
    targetPath,
    source,
    draftRestored,
    ready,
    finishing,
    failure,
    start,
    saveDraft,
    goTo,
    next,
    back,
    finish,
  };
});
