// The `model:*` IPC channels over the model service. A failed or cancelled load is an answer
// (the status says why, in plain words), not an IPC error: the renderer shows it with Retry.
import type { ModelStatus } from '../../contract/model';
import type { ModelService } from './model-service';

export interface ModelHandlers {
  /** Finds or downloads the model and loads it; resolves when that ends, with the status then. */
  'model:load': () => Promise<ModelStatus>;
  /** Stops a running load; resolves with the status after it. */
  'model:cancel': () => Promise<ModelStatus>;
  'model:getStatus': () => Promise<ModelStatus>;
}

export interface ModelHandlerOptions {
  /** Runs before each load, e.g. to restart a worker whose settings changed. */
  beforeLoad?: () => Promise<void>;
}

export function createModelHandlers(model: ModelService, opts: ModelHandlerOptions = {}): ModelHandlers {
  return {
    'model:load': async () => {
      await opts.beforeLoad?.();
      await model.load().catch(() => undefined); // the status carries the failure
      return model.status();
    },
    'model:cancel': () => model.cancel(),
    'model:getStatus': async () => model.status(),
  };
}
