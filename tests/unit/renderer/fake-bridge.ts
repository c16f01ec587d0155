// A stand-in for the preload's window.meetingAssistant: each channel answers from `handlers`
// (default: an error envelope), and `emit` delivers events to subscribers.
import {
  CHANNELS,
  eventContract,
  eventMethodName,
  splitChannel,
  type EventName,
} from '../../../electron/contract/ipc';

export type FakeHandler = (args: unknown) => unknown;

export function installFakeBridge(handlers: Record<string, FakeHandler> = {}) {
  const calls: Array<{ channel: string; args: unknown }> = [];
  const listeners: Record<string, Set<(p: unknown) => void>> = {};
  const api: Record<string, Record<string, unknown>> = { events: {} };
  for (const channel of CHANNELS) {
    const [domain, action] = splitChannel(channel);
    (api[domain] ??= {})[action] = async (args: unknown) => {
      calls.push({ channel, args });
      const h = handlers[channel];
      if (!h) return { ok: false, error: { code: 'internal', message: `no fake for ${channel}` } };
      try {
        return { ok: true, value: await h(args) };
      } catch (e) {
        const err = e as { code?: string; message: string };
        return { ok: false, error: { code: err.code ?? 'internal', message: err.message } };
      }
    };
  }
  for (const event of Object.keys(eventContract) as EventName[]) {
    (api.events as Record<string, unknown>)[eventMethodName(event)] = (cb: (p: unknown) => void) => {
      (listeners[event] ??= new Set()).add(cb);
      return () => listeners[event]?.delete(cb);
    };
  }
  (window as unknown as Record<string, unknown>).meetingAssistant = api;
  return {
    calls,
    handlers,
    emit: (event: EventName, payload: unknown) => listeners[event]?.forEach((cb) => cb(payload)),
    listenerCount: (event: EventName) => listeners[event]?.size ?? 0,
    uninstall: () => delete (window as unknown as Record<string, unknown>).meetingAssistant,
  };
}
