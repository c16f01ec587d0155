// logs:tail / logs:openFolder: the last lines of a sidecar's (or main's) log, and the logs folder.
import path from 'node:path';
import type { IpcHandlers } from '../../contract/ipc';
import { tailLog } from '../sidecar/log-file';
import type { HandlerServices } from './handlers';

export type LogsHandlers = Pick<IpcHandlers, 'logs:tail' | 'logs:openFolder'>;

export function createLogsHandlers(s: Pick<HandlerServices, 'logsDir' | 'openPath'>): LogsHandlers {
  return {
    'logs:tail': async (args) => {
      const file = path.join(s.logsDir, `${args.sidecar === 'app' ? 'main' : args.sidecar}.log`);
      return { path: file, lines: tailLog(file, args.lines) };
    },
    'logs:openFolder': async () => {
      await s.openPath?.(s.logsDir);
    },
  };
}
