// Every worker error code has its own plain sentence; the worker's wording stays as detail.
import { describe, expect, it } from 'vitest';
import { TRANSCRIBER_ERROR_CODES } from '../../../../electron/contract/transcriber';
import { modelFailure } from '../../../../electron/main/transcriber/model-messages';

describe('modelFailure', () => {
  it('gives each worker error code a distinct sentence', () => {
    const messages = TRANSCRIBER_ERROR_CODES.map((code) => modelFailure(code).message);
    expect(new Set(messages).size).toBe(TRANSCRIBER_ERROR_CODES.length);
    for (const m of messages) expect(m).toMatch(/^[A-Z].*\.$/);
  });

  it('says what to do when offline without a model, and keeps the worker detail', () => {
    const f = modelFailure('offline_model_missing', 'Offline mode is on and X is not complete in /c.');
    expect(f).toEqual({
      code: 'offline_model_missing',
      message: 'Offline mode is on, and the speech model is not on this computer yet.',
      hint: expect.stringContaining('Turn offline mode off'),
      detail: 'Offline mode is on and X is not complete in /c.',
    });
  });

  it('has sentences for the worker process itself, and a generic one for unknown codes', () => {
    for (const code of ['worker_unavailable', 'worker_exited'])
      expect(modelFailure(code).message).not.toBe(modelFailure('internal_error').message);
    expect(modelFailure('something_new')).toMatchObject({
      code: 'something_new',
      message: modelFailure('internal_error').message,
    });
  });
});
