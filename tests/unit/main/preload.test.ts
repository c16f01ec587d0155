// The preload's surface: one named method per channel, one subscription per event, and nothing
// else (never ipcRenderer). Electron is replaced by a recorder: the preload only calls it.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CHANNELS,
  PRELOAD_GLOBAL,
  eventContract,
  eventMethodName,
  splitChannel,
  type EventName,
} from '../../../electron/contract/ipc';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (channel: string, args: unknown) => {
      invoked.push([channel, args]);
      return { ok: true, value: null };
    },
    on: (event: string, fn: (e: unknown, p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
    },
    removeListener: (event: string, fn: (e: unknown, p: unknown) => void) => listeners.get(event)?.delete(fn),
  },
}));

type Api = Record<string, Record<string, (arg?: unknown) => unknown>>;
let api: Api;

beforeAll(async () => {
  await import('../../../electron/preload/index');
  api = exposed[PRELOAD_GLOBAL] as Api;
});

describe('preload', () => {
  it('exposes exactly one global', () => {
    expect(Object.keys(exposed)).toEqual([PRELOAD_GLOBAL]);
  });

  it('has one named method per channel, each invoking exactly that channel', async () => {
    for (const channel of CHANNELS) {
      const [domain, action] = splitChannel(channel);
      const fn = api[domain]?.[action];
      expect(typeof fn, channel).toBe('function');
      invoked.length = 0;
      await fn!({ probe: channel });
      expect(invoked).toEqual([[channel, { probe: channel }]]);
    }
    const methodCount = Object.entries(api)
      .filter(([k]) => k !== 'events')
      .reduce((n, [, v]) => n + Object.keys(v).length, 0);
    expect(methodCount).toBe(CHANNELS.length);
  });

  it('has one subscription per event, with a working unsubscribe', () => {
    const events = Object.keys(eventContract) as EventName[];
    expect(Object.keys(api.events!).sort()).toEqual(events.map(eventMethodName).sort());
    const got: unknown[] = [];
    const off = api.events!.onLaunchProgress!((p: unknown) => got.push(p)) as () => void;
    for (const fn of listeners.get('launch:progress') ?? [])
      fn({ sender: 'ignored' }, { step: 'config', state: 'done' });
    off();
    expect(listeners.get('launch:progress')?.size).toBe(0);
    expect(got).toEqual([{ step: 'config', state: 'done' }]);
  });

  it('never exposes ipcRenderer or a generic invoke/send/on', () => {
    const text =
      JSON.stringify(Object.keys(api)) + JSON.stringify(Object.values(api).map((v) => Object.keys(v)));
    for (const bad of ['ipcRenderer', 'invoke', 'send', '"on"']) expect(text).not.toContain(bad);
  });
});
