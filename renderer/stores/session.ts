// Who is signed in, as main tells it (the token stays in main). `view` is undefined until main
// has answered once, null when nobody is signed in.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SessionView, SignInArgs } from '../../electron/contract/session';
import { invoke, onEvent } from '../ipc';

export const useSessionStore = defineStore('session', () => {
  const view = shallowRef<SessionView | undefined>(undefined);
  const loadError = ref<unknown>(null);
  let off: (() => void) | null = null;

  function init(): void {
    off ??= onEvent('session:changed', (v) => (view.value = v));
  }

  function dispose(): void {
    off?.();
    off = null;
  }

  async function load(): Promise<void> {
    try {
      view.value = await invoke('session:get');
      loadError.value = null;
    } catch (e) {
      // Main could not say (the backend is restarting): show the sign-in, which says why if it fails.
      loadError.value = e;
      view.value = null;
    }
  }

  /** Throws IpcError (code from SESSION_ERROR_CODES) when the sign-in fails. */
  async function signIn(args: SignInArgs): Promise<void> {
    view.value = await invoke('session:signIn', args);
  }

  async function signOut(): Promise<void> {
    await invoke('session:signOut');
    view.value = null;
  }

  return { view, loadError, init, dispose, load, signIn, signOut };
});
