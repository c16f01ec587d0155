// The model:* channels in the IPC contract: no argument, the model status as the answer.
import { describe, expect, it } from 'vitest';
import { CHANNELS, ipcContract, ModelStatusSchema } from '../../../../electron/contract/ipc';

describe('model:* channels', () => {
  it('take no argument and answer a model status', () => {
    for (const channel of ['model:load', 'model:cancel', 'model:getStatus'] as const) {
      expect(CHANNELS).toContain(channel);
      expect(ipcContract[channel].args.safeParse(undefined).success).toBe(true);
      expect(ipcContract[channel].args.safeParse({ x: 1 }).success).toBe(false);
      expect(ipcContract[channel].result).toBe(ModelStatusSchema);
    }
  });
});
