/// <reference types="vite/client" />
import type { PreloadApi } from '../electron/contract/ipc';

declare global {
  interface Window {
    /** Set by the preload (or by the e2e harness); absent in a plain browser. */
    meetingAssistant?: PreloadApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
