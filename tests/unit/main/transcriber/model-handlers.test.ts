// The model:* handlers: a failed load answers with the status (not an IPC error), and
// beforeLoad runs before each load.
import { describe, expect, it } from 'vitest';
import { ModelStatusSchema, type ModelStatus } from '../../../../electron/contract/model';
import { createModelHandlers } from '../../../../electron/main/transcriber/model-handlers';
import { ModelServiceError, type ModelService } from '../../../../electron/main/transcriber/model-service';
import { modelFailure } from '../../../../electron/main/transcriber/model-messages';

function fakeService(outcome: 'ready' | 'failed'): ModelService & { loads: number } {
  let status: ModelStatus = { state: 'idle' };
  const failure = modelFailure('disk_full', 'needs 600 MB, 20 MB free');
  return {
    loads: 0,
    async load() {
      this.loads += 1;
      if (outcome === 'ready') {
        status = { state: 'ready', path: '/m' };
        return '/m';
      }
      status = { state: 'failed', ...failure };
      throw new ModelServiceError(failure);
    },
    cancel: async () => ({ state: 'cancelled' }),
    status: () => status,
    transcribe: async () => ({ text: '', language: 'en', duration: 0 }),
    stop: async () => undefined,
  };
}

describe('model handlers', () => {
  it('answers load with the status, also when the load failed', async () => {
    const ok = createModelHandlers(fakeService('ready'));
    expect(await ok['model:load']()).toEqual({ state: 'ready', path: '/m' });
    const bad = createModelHandlers(fakeService('failed'));
    const status = await bad['model:load']();
    expect(status).toMatchObject({ state: 'failed', code: 'disk_full', detail: 'needs 600 MB, 20 MB free' });
    expect(ModelStatusSchema.parse(status)).toEqual(status);
  });

  it('runs beforeLoad before each load, and passes cancel and getStatus through', async () => {
    const service = fakeService('ready');
    const order: string[] = [];
    const h = createModelHandlers(
      { ...service, load: () => (order.push('load'), service.load()) },
      { beforeLoad: async () => void order.push('before') },
    );
    await h['model:load']();
    expect(order).toEqual(['before', 'load']);
    expect(await h['model:cancel']()).toEqual({ state: 'cancelled' });
    expect(await h['model:getStatus']()).toEqual({ state: 'ready', path: '/m' });
  });
});

describe('ModelStatusSchema', () => {
  it('accepts every state and rejects a downloading status without bytes', () => {
    for (const s of [
      { state: 'idle' },
      { state: 'downloading', file: 'model.bin', downloadedBytes: 1, totalBytes: 2, bytesPerSecond: 3 },
      { state: 'ready', path: '/m' },
      { state: 'failed', code: 'download_failed', message: 'x', hint: 'y', detail: 'z' },
      { state: 'cancelled' },
    ])
      expect(ModelStatusSchema.parse(s)).toEqual(s);
    expect(ModelStatusSchema.safeParse({ state: 'downloading', file: 'x' }).success).toBe(false);
    expect(ModelStatusSchema.safeParse({ state: 'failed', message: 'no code' }).success).toBe(false);
  });
});
