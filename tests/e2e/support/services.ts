// The real services the e2e tests use: the harness's MariaDB, the keychain, and temp folders.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SECRET_FIELDS } from '../../../electron/contract/config';

const run = promisify(execFile);

export function haveServices(): boolean {
  return Boolean(process.env.MA_TEST_DB_SOCKET && process.env.DBUS_SESSION_BUS_ADDRESS);
}

export function tempDir(prefix = 'ma-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export { freePort } from '../../support/free-port';

export interface DbAccount {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

async function rootQuery(statements: Array<[string, unknown[]?]>): Promise<void> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    socketPath: process.env.MA_TEST_DB_SOCKET as string,
    user: 'root',
  });
  try {
    for (const [sql, params] of statements) await conn.query(sql, params ?? []);
  } finally {
    await conn.end();
  }
}

/** A user with every right on `database` (created unless `createDatabase` is false). */
export async function createDbUser(
  user: string,
  password: string,
  database: string,
  opts: { createDatabase?: boolean } = {},
): Promise<DbAccount> {
  const statements: Array<[string, unknown[]?]> = [];
  if (opts.createDatabase !== false) statements.push([`CREATE DATABASE IF NOT EXISTS \`${database}\``]);
  for (const h of ['127.0.0.1', 'localhost']) {
    statements.push(['CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, h, password]]);
    statements.push(['ALTER USER ?@? IDENTIFIED BY ?', [user, h, password]]);
    // A grant on a name that does not exist is what makes MariaDB answer 1049 (unknown database).
    statements.push([`GRANT ALL ON \`${database}\`.* TO ?@?`, [user, h]]);
  }
  await rootQuery(statements);
  return {
    host: process.env.MA_TEST_DB_HOST as string,
    port: Number(process.env.MA_TEST_DB_PORT),
    user,
    password,
    database,
  };
}

export async function secretLookup(account: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', [
      'lookup',
      'service',
      'meeting-assistant',
      'account',
      account,
    ]);
    return stdout;
  } catch {
    return null;
  }
}

export async function clearKeychain(): Promise<void> {
  // The kept session too (electron/main/session/token-vault.ts), so no test starts signed in.
  for (const account of [...SECRET_FIELDS, 'session.token']) {
    await run('secret-tool', ['clear', 'service', 'meeting-assistant', 'account', account]).catch(
      () => undefined,
    );
  }
}

/** Every file under `dir` (recursively) whose content contains `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (fs.readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}
