// app:getLaunchState / app:retryLaunch / app:getStatus over the launch controller, and
// shell:openExternal (web links only, security-policy.ts).
import type { IpcHandlers } from '../../contract/ipc';
import { isSafeExternalUrl } from '../security-policy';
import { HandlerError } from './dispatch';
import type { HandlerServices } from './handlers';

export type AppHandlers = Pick<
  IpcHandlers,
  'app:getLaunchState' | 'app:retryLaunch' | 'app:getStatus' | 'shell:openExternal'
>;

export function createAppHandlers(s: Pick<HandlerServices, 'controller' | 'openExternal'>): AppHandlers {
  const { controller } = s;
  return {
    'app:getLaunchState': async () => controller.getState(),
    'app:retryLaunch': async () => controller.start(),
    'app:getStatus': async () => {
      const st = controller.status();
      if (!st) throw new HandlerError('not_ready', 'The app has not finished starting.');
      return st;
    },
    'shell:openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url))
        throw new HandlerError('unsafe_url', 'Only web links (http or https) can be opened.');
      await s.openExternal?.(url);
    },
  };
}
