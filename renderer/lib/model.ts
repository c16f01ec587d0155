// The speech model's `model:*` channels (main's model service). They are not in ipcContract yet,
// so this reaches the preload method directly and answers null while main does not offer it.
// Once `model:cancel` is in the contract, replace this with `invoke('model:cancel')`.
import type { ModelStatus } from '../../electron/contract/model';
import { IpcError, type IpcEnvelope } from '../../electron/contract/ipc';

type ModelApi = { cancel?: () => Promise<IpcEnvelope<ModelStatus>> };

function modelApi(): ModelApi | undefined {
  return (window as unknown as { meetingAssistant?: { model?: ModelApi } }).meetingAssistant?.model;
}

export function canCancelModel(): boolean {
  return typeof modelApi()?.cancel === 'function';
}

export async function cancelModelDownload(): Promise<ModelStatus | null> {
  const cancel = modelApi()?.cancel;
  if (!cancel) return null;
  const envelope = await cancel();
  if (envelope.ok) return envelope.value;
  throw new IpcError(envelope.error.code, envelope.error.message);
}
