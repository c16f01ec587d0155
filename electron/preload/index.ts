// The sandboxed preload: exposes `window.meetingAssistant`, one named method per IPC channel and
// one subscription per event, written out so the surface is reviewable at a glance. ipcRenderer
// itself is never exposed. Type-only imports: nothing of the contract is bundled here, and the
// `PreloadApi` type makes a missing or misspelled channel a compile error.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, EventName, EventPayload, IpcEnvelope, PreloadApi } from '../contract/ipc';

const invoke =
  <C extends Channel>(channel: C) =>
  (args?: unknown) =>
    ipcRenderer.invoke(channel, args) as Promise<IpcEnvelope<never>>;

const subscribe =
  <E extends EventName>(event: E) =>
  (listener: (payload: EventPayload<E>) => void) => {
    const wrapped = (_e: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  };

const api: PreloadApi = {
  app: {
    getLaunchState: invoke('app:getLaunchState'),
    retryLaunch: invoke('app:retryLaunch'),
    getStatus: invoke('app:getStatus'),
  },
  config: {
    get: invoke('config:get'),
    save: invoke('config:save'),
    restoreBackup: invoke('config:restoreBackup'),
    policy: invoke('config:policy'),
  },
  setup: {
    testDatabase: invoke('setup:testDatabase'),
    testDify: invoke('setup:testDify'),
    testAuth: invoke('setup:testAuth'),
    testServer: invoke('setup:testServer'),
  },
  wizard: {
    loadDraft: invoke('wizard:loadDraft'),
    saveDraft: invoke('wizard:saveDraft'),
    clearDraft: invoke('wizard:clearDraft'),
    finish: invoke('wizard:finish'),
  },
  logs: {
    tail: invoke('logs:tail'),
    openFolder: invoke('logs:openFolder'),
  },
  model: {
    load: invoke('model:load'),
    cancel: invoke('model:cancel'),
    getStatus: invoke('model:getStatus'),
  },
  shell: {
    openExternal: invoke('shell:openExternal'),
  },
  diagnostics: {
    export: invoke('diagnostics:export'),
  },
  session: {
    get: invoke('session:get'),
    signIn: invoke('session:signIn'),
    signOut: invoke('session:signOut'),
  },
  events: {
    onLaunchProgress: subscribe('launch:progress'),
    onSidecarStatus: subscribe('sidecar:status'),
    onModelProgress: subscribe('model:progress'),
    onSessionChanged: subscribe('session:changed'),
  },
};

contextBridge.exposeInMainWorld('meetingAssistant', api);
