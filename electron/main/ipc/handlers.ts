// The handler map of the core channels, channel -> function, put together from one file per
// domain (app-, settings-, setup-, logs-handlers.ts; session-, diagnostics-handlers.ts and the
// transcriber's model-handlers.ts are added in app.ts). ipc/register.ts hands the whole map to
// ipcMain (through the dispatcher); the e2e tests bind the same map into Chromium. Plain
// TypeScript: every service comes in as an argument.
import type { IpcHandlers } from '../../contract/ipc';
import type { FetchFn } from '../health-gate';
import type { LaunchController } from '../launch/controller';
import type { DraftStore } from '../launch/draft';
import { createAppHandlers } from './app-handlers';
import { createLogsHandlers } from './logs-handlers';
import { createSettingsHandlers } from './settings-handlers';
import { createSetupHandlers } from './setup-handlers';

export interface HandlerServices {
  controller: LaunchController;
  drafts: DraftStore;
  logsDir: string;
  fetch?: FetchFn;
  /** shell.openPath in the app; absent in tests (the call then just succeeds). */
  openPath?: (p: string) => Promise<void>;
  /** shell.openExternal in the app. */
  openExternal?: (url: string) => Promise<void>;
}

/** Every channel but the speech model's (transcriber/model-handlers.ts), diagnostics and the session (their own files). */
export type CoreHandlers = Omit<
  IpcHandlers,
  | 'model:load'
  | 'model:cancel'
  | 'model:getStatus'
  | 'diagnostics:export'
  | 'config:policy'
  | 'session:get'
  | 'session:signIn'
  | 'session:signOut'
>;

export function createHandlers(s: HandlerServices): CoreHandlers {
  return {
    ...createAppHandlers(s),
    ...createSettingsHandlers(s),
    ...createSetupHandlers(s),
    ...createLogsHandlers(s),
  };
}
