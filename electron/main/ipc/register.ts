// Hands every channel of the contract to ipcMain, through the dispatcher (sender check, zod
// parsing, envelopes). The sender is the frame that made the call, so a call from an iframe or
// from a page the window was somehow navigated to is refused.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../contract/ipc';
import type { Dispatch } from './dispatch';

export function registerIpc(dispatch: Dispatch): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, args: unknown) =>
      dispatch(channel, args, { url: event.senderFrame?.url ?? '' }),
    );
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
