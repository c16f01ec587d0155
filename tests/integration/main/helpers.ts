// Shared helpers for the main-process integration tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emit, EventName, EventPayload } from '../../../electron/contract/ipc';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FAKE_SIDECAR = fileURLToPath(new URL('./fixtures/fake-sidecar.mjs', import.meta.url));
export const PYTHON = path.join(REPO_ROOT, 'sidecars/.venv/bin/python');

export function tempDir(prefix = 'ma-main-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Recorded {
  event: EventName;
  payload: unknown;
  at: number;
}

/** An `emit` that records every event, with a helper to wait for one. */
export function recorder(): { emit: Emit; events: Recorded[]; waitFor: <E extends EventName>(event: E, pred: (p: EventPayload<E>) => boolean, timeoutMs?: number) => Promise<EventPayload<E>> } {
  const events: Recorded[] = [];
  const waiters = new Set<() => void>();
  const emit: Emit = (event, payload) => {
    events.push({ event, payload, at: Date.now() });
    for (const w of [...waiters]) w();
  };
  const waitFor = <E extends EventName>(event: E, pred: (p: EventPayload<E>) => boolean, timeoutMs = 20_000) =>
    new Promise<EventPayload<E>>((resolve, reject) => {
      const check = () => {
        const hit = events.find((e) => e.event === event && pred(e.payload as EventPayload<E>));
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit.payload as EventPayload<E>);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${event}; saw ${JSON.stringify(events.map((e) => [e.event, e.payload]))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { emit, events, waitFor };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(pred: () => boolean, timeoutMs = 5000, stepMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return pred();
}

/** Occupies a TCP port on 127.0.0.1 until closed. */
export async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
