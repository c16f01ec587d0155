// Runs the real main process (createMainApp: real sidecar, MariaDB and keychain) and opens the
// built renderer in Debian Chromium, with `window.meetingAssistant` bound to main's dispatch —
// the same shape the preload exposes. Only the Electron window shell is absent.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  CHANNELS,
  PRELOAD_GLOBAL,
  eventContract,
  eventMethodName,
  splitChannel,
  type Emit,
  type EventName,
} from '../../../electron/contract/ipc';
import { createMainApp, type MainApp, type MainAppOptions } from '../../../electron/main/app';
import { serveRenderer } from './static-server';

export const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser | null = null;

export async function getBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export interface RunningApp {
  page: Page;
  main: MainApp;
  userDataDir: string;
  /** Saves a full-page screenshot as tests/e2e/artifacts/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions extends Partial<Omit<MainAppOptions, 'emit'>> {
  userDataDir: string;
  /** Runs before the first navigation (e.g. an init script that must see the first load). */
  beforeLoad?: (page: Page) => Promise<unknown>;
}

/** Builds main, runs its launch decision, and opens the renderer once main has started. */
export async function openApp({ beforeLoad, ...opts }: OpenOptions): Promise<RunningApp> {
  const server = await serveRenderer();
  const ctx = await (await getBrowser()).newContext({ viewport: { width: 900, height: 760 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`[page ${m.type()}] ${m.text()}`);
  });
  const pending: Array<[EventName, unknown]> = [];
  let pageReady = false;

  const emit: Emit = (event, payload) => {
    if (!pageReady) {
      pending.push([event, payload]);
      return;
    }
    void page
      .evaluate(
        ([e, p]) =>
          (globalThis as unknown as { __maDeliver?: (e: string, p: unknown) => void }).__maDeliver?.(e, p),
        [event, payload] as const,
      )
      .catch(() => undefined);
  };

  const main = createMainApp({
    adminDir: null,
    env: {},
    appOrigin: { devServerUrl: server.url },
    gate: { attempts: 30, intervalMs: 250 },
    ...opts,
    emit,
  });

  await page.exposeBinding('__maInvoke', (_source, channel: string, args: unknown) =>
    main.dispatch(channel, args, { url: page.url() }),
  );
  const channels = CHANNELS.map((c) => [c, ...splitChannel(c)]);
  const events = (Object.keys(eventContract) as EventName[]).map((e) => [e, eventMethodName(e)]);
  await page.addInitScript(
    ({ channels, events, globalName }) => {
      const w = globalThis as unknown as Record<string, unknown> & {
        __maInvoke: (channel: string, args: unknown) => Promise<unknown>;
      };
      const listeners: Record<string, Set<(p: unknown) => void>> = {};
      const api: Record<string, Record<string, unknown>> = { events: {} };
      for (const [channel, domain, action] of channels as string[][]) {
        (api[domain as string] ??= {})[action as string] = (args: unknown) =>
          w.__maInvoke(channel as string, args);
      }
      for (const [event, method] of events as string[][]) {
        (api.events as Record<string, unknown>)[method as string] = (cb: (p: unknown) => void) => {
          (listeners[event as string] ??= new Set()).add(cb);
          return () => listeners[event as string]?.delete(cb);
        };
      }
      w.__maDeliver = (event: string, payload: unknown) => listeners[event]?.forEach((cb) => cb(payload));
      w[globalName] = Object.freeze(api);
    },
    { channels, events, globalName: PRELOAD_GLOBAL },
  );

  await beforeLoad?.(page);
  // As in the real app: main decides first, the window shows the state it reached.
  void main.start();
  await page.goto(server.url);
  pageReady = true;
  for (const [e, p] of pending.splice(0)) emit(e, p as never);

  return {
    page,
    main,
    userDataDir: opts.userDataDir,
    async shot(name) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await main.stop().catch(() => undefined);
      await ctx.close().catch(() => undefined);
      await server.close();
    },
  };
}
