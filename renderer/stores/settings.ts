// The settings screen: the current config (secrets stripped) as an editable form model;
// Save goes through the same pipeline as Finish and restarts the backend through the gate.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { ConfigView, Failure, Problem, SaveStage } from '../../electron/contract/ipc';
import { invoke } from '../ipc';
import {
  buildConfig,
  emptyModel,
  jsonClone,
  openAskedSecrets,
  typedSecrets,
  valuesFrom,
  type FormModel,
} from '../lib/form';
import { asSentence } from '../lib/steps';
import { useLaunchStore } from './launch';

export interface SaveFailure {
  stage: SaveStage;
  failure: Failure;
  problems: Problem[];
  previousKept: boolean;
}

export const useSettingsStore = defineStore('settings', () => {
  const model = reactive<FormModel>(emptyModel());
  const view = ref<ConfigView | null>(null);
  const base = ref<Record<string, unknown>>({});
  const loadError = ref<unknown>(null);
  const saving = ref(false);
  const loaded = ref(false);
  const failure = ref<SaveFailure | null>(null);
  const canRestore = ref(false);

  function reset(): void {
    Object.assign(model, emptyModel());
    model.values = valuesFrom(base.value);
    model.stored = [...(view.value?.secretsStored ?? [])];
  }

  /** Reads the config on disk (for an invalid file, main's salvaged values: its problems are listed by the view). */
  async function load(): Promise<void> {
    loaded.value = false;
    loadError.value = null;
    failure.value = null;
    try {
      view.value = await invoke('config:get');
      base.value = jsonClone(view.value.config) as Record<string, unknown>;
    } catch (e) {
      loadError.value = e;
      view.value = null;
    }
    reset();
    loaded.value = true;
  }

  async function save(): Promise<boolean> {
    saving.value = true;
    failure.value = null;
    try {
      const result = await invoke('config:save', {
        config: buildConfig(base.value, model),
        secrets: typedSecrets(model),
      });
      if (result.ok) {
        useLaunchStore().setState(result.state);
        return true;
      }
      failure.value = {
        stage: result.stage,
        failure: result.failure,
        problems: result.problems,
        previousKept: result.previousKept,
      };
      canRestore.value = result.canRestore;
      // The new file is on disk but the app is not running with it: main's state changed too.
      if (!result.previousKept) await useLaunchStore().load();
      for (const p of result.problems) model.errors[p.path] = asSentence(p.message);
      openAskedSecrets(model, result.failure.code, result.problems);
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function restoreBackup(): Promise<void> {
    await useLaunchStore().restoreBackup();
    await load();
  }

  return {
    model,
    view,
    base,
    loadError,
    loaded,
    saving,
    failure,
    canRestore,
    load,
    reset,
    save,
    restoreBackup,
  };
});
