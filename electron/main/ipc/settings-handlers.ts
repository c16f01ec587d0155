// config:get / config:save / config:restoreBackup and the wizard's draft and Finish: wizard Finish
// and settings Save share the controller's save pipeline.
import type { IpcHandlers } from '../../contract/ipc';
import type { HandlerServices } from './handlers';

export type SettingsHandlers = Pick<
  IpcHandlers,
  | 'config:get'
  | 'config:save'
  | 'config:restoreBackup'
  | 'wizard:loadDraft'
  | 'wizard:saveDraft'
  | 'wizard:clearDraft'
  | 'wizard:finish'
>;

export function createSettingsHandlers(s: Pick<HandlerServices, 'controller' | 'drafts'>): SettingsHandlers {
  const { controller } = s;
  return {
    'config:get': async () => controller.configView(),
    'config:save': async (args) => controller.save(args),
    'config:restoreBackup': async () => controller.restoreBackup(),

    'wizard:loadDraft': async () => s.drafts.load(),
    'wizard:saveDraft': async (draft) => s.drafts.save(draft),
    'wizard:clearDraft': async () => s.drafts.clear(),
    'wizard:finish': async (args) => {
      const result = await controller.save(args);
      if (result.ok) await s.drafts.clear();
      return result;
    },
  };
}
