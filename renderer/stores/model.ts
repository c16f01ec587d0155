// The speech model as main's model service reports it: idle, downloading (bytes and speed from
// `model:progress`), ready, failed (a plain sentence and what to do) or cancelled.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ModelStatus } from '../../electron/contract/ipc';
import { invoke, onEvent } from '../ipc';

const STARTING: ModelStatus = {
  state: 'downloading',
  file: '',
  downloadedBytes: 0,
  totalBytes: 0,
  bytesPerSecond: 0,
};

export const useModelStore = defineStore('model', () => {
  const status = ref<ModelStatus>({ state: 'idle' });
  /** A load is running (from this window): progress events update the status until it ends. */
  const loading = ref(false);
  const error = ref<unknown>(null);
  let off: (() => void) | null = null;

  function init(): void {
    off ??= onEvent('model:progress', (p) => {
      if (loading.value || status.value.state === 'downloading')
        status.value = { state: 'downloading', ...p };
    });
  }

  async function refresh(): Promise<void> {
    try {
      status.value = await invoke('model:getStatus');
      error.value = null;
    } catch (e) {
      error.value = e;
    }
  }

  /** Finds or downloads the model; resolves when it is ready, failed or cancelled. */
  async function load(): Promise<void> {
    init();
    loading.value = true;
    error.value = null;
    status.value = STARTING;
    try {
      status.value = await invoke('model:load');
    } catch (e) {
      error.value = e;
      await refresh();
    } finally {
      loading.value = false;
    }
  }

  async function cancel(): Promise<void> {
    try {
      status.value = await invoke('model:cancel');
    } catch (e) {
      error.value = e;
    }
  }

  function dispose(): void {
    off?.();
    off = null;
  }

  return { status, loading, error, init, refresh, load, cancel, dispose };
});
