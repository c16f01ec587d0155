// What main says the app should show (LaunchState) and the live launch events behind it.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  LaunchProgress,
  LaunchState,
  LaunchStep,
  ModelProgress,
  SidecarStatus,
} from '../../electron/contract/ipc';
import { invoke, onEvent } from '../ipc';

export type Screen = LaunchState['screen'];

/** The route each screen of the launch state machine is shown on. */
export const SCREEN_ROUTE: Record<Screen, string> = {
  starting: 'startup',
  failed: 'startup',
  wizard: 'wizard',
  'invalid-config': 'invalid-config',
  'keychain-unavailable': 'keychain',
  ready: 'main',
};

export const useLaunchStore = defineStore('launch', () => {
  const state = shallowRef<LaunchState | null>(null);
  const loadError = ref<unknown>(null);
  const progress = ref<Partial<Record<LaunchStep, LaunchProgress>>>({});
  const model = ref<ModelProgress | null>(null);
  const sidecar = ref<SidecarStatus | null>(null);
  const busy = ref(false);
  let unsubscribe: Array<() => void> = [];
  let poll: ReturnType<typeof setTimeout> | undefined;

  const screen = computed<Screen | null>(() => state.value?.screen ?? null);

  function setState(next: LaunchState): void {
    state.value = next;
    if (next.screen === 'starting' || next.screen === 'failed') {
      for (const p of next.progress) progress.value[p.step] = p;
    }
    schedulePoll();
  }

  // While main is still starting, ask again now and then in case an event was missed.
  function schedulePoll(): void {
    clearTimeout(poll);
    if (state.value?.screen === 'starting') poll = setTimeout(() => void load(), 1000);
  }

  function onProgress(p: LaunchProgress): void {
    const finished = Object.values(progress.value).some((x) => x.step === 'ready' || x.state === 'failed');
    if (finished && (p.step === 'config' || p.step === 'spawning') && p.state === 'active')
      progress.value = {};
    progress.value[p.step] = p;
    const ended = (p.step === 'ready' && p.state === 'done') || p.state === 'failed';
    if (ended && state.value?.screen === 'starting') void load();
  }

  function init(): void {
    if (unsubscribe.length) return;
    unsubscribe = [
      onEvent('launch:progress', onProgress),
      onEvent('model:progress', (m) => (model.value = m)),
      onEvent('sidecar:status', (s) => (sidecar.value = s)),
    ];
  }

  function dispose(): void {
    unsubscribe.splice(0).forEach((off) => off());
    clearTimeout(poll);
  }

  async function run(action: () => Promise<LaunchState>): Promise<void> {
    busy.value = true;
    try {
      setState(await action());
      loadError.value = null;
    } catch (e) {
      loadError.value = e;
    } finally {
      busy.value = false;
    }
  }

  const load = () => run(() => invoke('app:getLaunchState'));
  const retry = () => {
    progress.value = {};
    model.value = null;
    return run(() => invoke('app:retryLaunch'));
  };
  const restoreBackup = () => run(() => invoke('config:restoreBackup'));

  return {
    state,
    screen,
    loadError,
    progress,
    model,
    sidecar,
    busy,
    init,
    dispose,
    load,
    retry,
    restoreBackup,
    setState,
  };
});
