import { describe, expect, it } from 'vitest';
import type { IpcHandlers } from '../../../electron/contract/ipc';
import { createDispatcher, HandlerError } from '../../../electron/main/ipc/dispatch';

const APP = 'file:///app/dist/renderer/index.html';
const sender = { url: APP };

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  const notUsed = async () => {
    throw new Error('not used in this test');
  };
  return new Proxy(overrides as IpcHandlers, {
    get: (t, k) => (t as Record<string | symbol, unknown>)[k] ?? notUsed,
  });
}

const dispatcherWith = (h: Partial<IpcHandlers>, errors: unknown[] = []) =>
  createDispatcher(handlers(h), {
    isTrustedSender: (s) => s.url.startsWith(APP),
    onError: (_c, e) => errors.push(e),
  });

describe('createDispatcher', () => {
  it('passes parsed arguments to the handler and wraps the result', async () => {
    let got: unknown;
    const d = dispatcherWith({
      'setup:testDatabase': async (args) => {
        got = args;
        return { ok: true, serverVersion: '10.11', latencyMs: 3 };
      },
    });
    const r = await d('setup:testDatabase', { host: 'db', port: 3306, user: 'u', database: 'm' }, sender);
    expect(r).toEqual({ ok: true, value: { ok: true, serverVersion: '10.11', latencyMs: 3 } });
    expect(got).toEqual({ host: 'db', port: 3306, user: 'u', database: 'm' });
  });

  it.each([
    [{ host: 'db', port: '3306', user: 'u', database: 'm' }, 'port'],
    [{ host: '', port: 3306, user: 'u', database: 'm' }, 'host'],
    [{ host: 'db', port: 70000, user: 'u', database: 'm' }, 'port'],
    [null, 'arguments'],
    ['DROP TABLE', 'arguments'],
  ])('rejects bad arguments %j without calling the handler', async (args, mentioned) => {
    let called = false;
    const d = dispatcherWith({
      'setup:testDatabase': async () => {
        called = true;
        return { ok: true, serverVersion: 'x', latencyMs: 1 };
      },
    });
    const r = await d('setup:testDatabase', args, sender);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_arguments');
      expect(r.error.message).toContain(mentioned);
    }
    expect(called).toBe(false);
  });

  it.each(['', 'https://evil.example/', 'file:///tmp/evil.html', 'about:blank'])(
    'refuses sender %j',
    async (url) => {
      let called = false;
      const d = dispatcherWith({
        'app:getLaunchState': async () => {
          called = true;
          return { screen: 'starting', progress: [] };
        },
      });
      const r = await d('app:getLaunchState', undefined, { url });
      expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden_sender' }) });
      expect(called).toBe(false);
    },
  );

  it('refuses unknown channels, including prototype keys', async () => {
    const d = dispatcherWith({});
    for (const ch of ['app:nope', '__proto__', 'constructor', 'toString']) {
      const r = await d(ch, undefined, sender);
      expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown_channel' }) });
    }
  });

  it('turns handler errors into envelopes: HandlerError keeps its code, others become internal', async () => {
    const errors: unknown[] = [];
    const d = dispatcherWith(
      {
        'app:getStatus': async () => {
          throw new HandlerError('not_ready', 'The app has not finished starting.');
        },
        'config:get': async () => {
          throw new Error('ENOENT /secret/path');
        },
      },
      errors,
    );
    expect(await d('app:getStatus', undefined, sender)).toEqual({
      ok: false,
      error: { code: 'not_ready', message: 'The app has not finished starting.' },
    });
    const r = await d('config:get', undefined, sender);
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!r.ok) expect(r.error.message).not.toContain('Error invoking remote method');
    if (!r.ok) expect(r.error.message).not.toContain('/secret/path');
    expect(errors).toHaveLength(1);
  });

  it('refuses a handler result outside the contract', async () => {
    const errors: unknown[] = [];
    const d = dispatcherWith({ 'app:getLaunchState': async () => ({ screen: 'bogus' }) as never }, errors);
    expect(await d('app:getLaunchState', undefined, sender)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(errors).toHaveLength(1);
  });

  it('sends the result as the contract parses it: a field outside the contract is dropped', async () => {
    const d = dispatcherWith({
      'setup:testDatabase': async () =>
        ({ ok: true, serverVersion: '10.11', latencyMs: 3, password: 'hunter2', nested: { a: 1 } }) as never,
      'logs:tail': async () => ({ path: '/logs/main.log', lines: ['a'], internalFd: 7 }) as never,
    });
    const db = await d('setup:testDatabase', { host: 'db', port: 3306, user: 'u', database: 'm' }, sender);
    expect(db).toEqual({ ok: true, value: { ok: true, serverVersion: '10.11', latencyMs: 3 } });
    const logs = await d('logs:tail', { sidecar: 'app', lines: 1 }, sender);
    expect(logs).toEqual({ ok: true, value: { path: '/logs/main.log', lines: ['a'] } });
  });

  it('sends a wizard prefill as it is, without the defaults of fields the file does not have', async () => {
    const prefill = { backend: { database: { host: 'db.example' } } };
    const d = dispatcherWith({
      'app:getLaunchState': async () => ({
        screen: 'wizard',
        prefill,
        secretsStored: [],
        source: { kind: 'admin', path: '/etc/ma/config.json' },
        targetPath: '/home/u/config.json',
      }),
    });
    const r = await d('app:getLaunchState', undefined, sender);
    expect(r).toMatchObject({ ok: true, value: { screen: 'wizard' } });
    if (r.ok) expect((r.value as { prefill: unknown }).prefill).toEqual(prefill);
  });
});
