// The administrator's locked settings and what this build can do (config:policy). Without an
// answer (an older main, an error) nothing is locked and every mode is offered: main still
// enforces the policy when it saves.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { invoke } from '../ipc';

export const usePolicyStore = defineStore('policy', () => {
  const locked = ref<Record<string, unknown>>({});
  const backendBundled = ref(true);

  async function load(): Promise<void> {
    try {
      const view = await invoke('config:policy');
      locked.value = view.locked;
      backendBundled.value = view.backendBundled;
    } catch {
      locked.value = {};
      backendBundled.value = true;
    }
  }

  /** Locked by the policy; `backend.embedded` also when this build has no backend. */
  function isLocked(path: string): boolean {
    return Object.hasOwn(locked.value, path) || (path === 'backend.embedded' && !backendBundled.value);
  }

  return { locked, backendBundled, load, isLocked };
});
