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
export function recorder(): {
  emit: Emit;
  events: Recorded[];
  waitFor: <E extends EventName>(
    event: E,
    pred: (p: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ) => Promise<EventPayload<E>>;
} {
  const events: Recorded[] = [];
  const waiters = new Set<() => void>();
  const emit: Emit = (event, payload) => {
    events.push({ event, payload, at: Date.now() });
    for (const w of [...waiters]) w();
  };
  const waitFor = <E extends EventName>(
    event: E,
    pred: (p: EventPayload<E>) => boolean,
    timeoutMs = 20_000,
  ) =>
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
        reject(
          new Error(
            `timed out waiting for ${event}; saw ${JSON.stringify(events.map((e) => [e.event, e.payload]))}`,
          ),
        );
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

/** The harness's MariaDB (root over the socket). Creates a user and database for a test. */
export async function createDbUser(
  user: string,
  password: string,
  database: string,
): Promise<{ host: string; port: number; user: string; password: string; database: string }> {
  const socketPath = process.env.MA_TEST_DB_SOCKET;
  const host = process.env.MA_TEST_DB_HOST;
  const port = Number(process.env.MA_TEST_DB_PORT);
  if (!socketPath || !host || !port)
    throw new Error('run under tests/harness/with-services.sh (MA_TEST_DB_* not set)');
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ socketPath, user: 'root' });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
    for (const h of ['127.0.0.1', 'localhost']) {
      await conn.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, h, password]);
      await conn.query('ALTER USER ?@? IDENTIFIED BY ?', [user, h, password]);
      await conn.query(`GRANT ALL ON \`${database}\`.* TO ?@?`, [user, h]);
    }
  } finally {
    await conn.end();
  }
  return { host, port, user, password, database };
}

export function haveServices(): boolean {
  return Boolean(process.env.MA_TEST_DB_SOCKET && process.env.DBUS_SESSION_BUS_ADDRESS);
}

export const SECRET_VALUES = {
  'backend.database.password': `db pw 'q' "d" \\ % ; é ${process.pid}`,
  'backend.externalApis.difyApiKey': `app-dify-key-${process.pid}-xyzzy`,
  'backend.externalApis.difySttApiKey': `app-stt-key-${process.pid}-plugh`,
  'backend.auth.jwtSecret': `jwt-secret-${process.pid}-0123456789abcdefghijklmnop`,
} as const;

/** A complete embedded config (no secrets unless `withSecrets`). */
export function embeddedConfig(
  db: { host: string; port: number; user: string; database: string; password?: string },
  opts: { port?: number; withSecrets?: boolean } = {},
): Record<string, unknown> {
  return {
    version: 1,
    apiBaseUrl: 'http://localhost:8000/api',
    backend: {
      embedded: true,
      host: '127.0.0.1',
      port: opts.port ?? 8000,
      database: {
        host: db.host,
        port: db.port,
        user: db.user,
        database: db.database,
        ...(opts.withSecrets ? { password: db.password ?? SECRET_VALUES['backend.database.password'] } : {}),
      },
      externalApis: {
        authApiUrl: 'http://127.0.0.1:9/auth',
        difyApiUrl: 'http://127.0.0.1:9/v1',
        ...(opts.withSecrets
          ? {
              difyApiKey: SECRET_VALUES['backend.externalApis.difyApiKey'],
              difySttApiKey: SECRET_VALUES['backend.externalApis.difySttApiKey'],
            }
          : {}),
      },
      auth: {
        adminEmail: 'admin@example.com',
        jwtExpireHours: 24,
        ...(opts.withSecrets ? { jwtSecret: SECRET_VALUES['backend.auth.jwtSecret'] } : {}),
      },
    },
  };
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
}

/** Every file under `dir`, as text, to check that no secret reached the disk. */
export function allFilesText(dir: string): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}
