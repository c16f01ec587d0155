// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { IpcError, invoke, onEvent } from '../../../renderer/ipc';
import { installFakeBridge } from './fake-bridge';

describe('renderer ipc', () => {
  let bridge: ReturnType<typeof installFakeBridge> | null = null;
  afterEach(() => bridge?.uninstall());

  it('unwraps a success envelope', async () => {
    bridge = installFakeBridge({ 'setup:testAuth': () => ({ ok: true, status: 200 }) });
    await expect(invoke('setup:testAuth', { authApiUrl: 'https://a' })).resolves.toEqual({
      ok: true,
      status: 200,
    });
    expect(bridge.calls).toEqual([{ channel: 'setup:testAuth', args: { authApiUrl: 'https://a' } }]);
  });

  it('throws IpcError with the code of an error envelope', async () => {
    bridge = installFakeBridge({
      'config:get': () => {
        throw Object.assign(new Error('bad'), { code: 'invalid_arguments' });
      },
    });
    const err = await invoke('config:get').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(err).toMatchObject({ code: 'invalid_arguments', message: 'bad' });
  });

  it('without a bridge, says so', async () => {
    await expect(invoke('config:get')).rejects.toMatchObject({ code: 'no_bridge' });
  });

  it('delivers events and unsubscribes', () => {
    bridge = installFakeBridge();
    const seen: unknown[] = [];
    const off = onEvent('launch:progress', (p) => seen.push(p));
    bridge.emit('launch:progress', { step: 'spawning', state: 'active' });
    off();
    bridge.emit('launch:progress', { step: 'spawning', state: 'done' });
    expect(seen).toEqual([{ step: 'spawning', state: 'active' }]);
  });
});
