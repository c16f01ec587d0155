// The Database step's test: each failure reads as its own plain sentence, and nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import {
  clearKeychain,
  createDbUser,
  freePort,
  haveServices,
  secretLookup,
  tempDir,
  type DbAccount,
} from './support/services';
import { rogueMysql } from './support/rogue-mysql';
import { fillDatabase, next, testDatabase, waitForStep } from './support/wizard';

describe.skipIf(!haveServices())('database step errors', () => {
  let db: DbAccount;
  let app: RunningApp;
  let userDataDir: string;

  beforeAll(async () => {
    await clearKeychain();
    db = await createDbUser('ma_dberr', 'right-password', 'ma_dberr_db');
    userDataDir = tempDir();
    app = await openApp({ userDataDir });
    await waitForStep(app.page, 'Deployment');
    await next(app.page);
    await waitForStep(app.page, 'Database');
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
  });

  it('wrong password: the access-denied sentence, and nothing written', async () => {
    await fillDatabase(app.page, { ...db, password: 'wrong-password' });
    const r = await testDatabase(app.page);
    expect(r.status).toBe('fail');
    expect(r.text).toContain('The database server refused this user name and password.');
    await app.shot('wizard-2-database-access-denied');

    // Moving on without a passing test needs an explicit confirmation.
    await next(app.page);
    await expect.poll(() => app.page.getByRole('alertdialog').isVisible()).toBe(true);
    expect(await app.page.getByRole('alertdialog').innerText()).toContain('has not passed a test');
    expect(fs.existsSync(path.join(userDataDir, 'config.json'))).toBe(false);
    expect(await secretLookup('backend.database.password')).toBeNull();
    const files = fs.readdirSync(userDataDir, { recursive: true }).map(String);
    for (const f of files) {
      const p = path.join(userDataDir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, 'utf8')).not.toContain('wrong-password');
    }
  });

  it('unknown database: its own sentence', async () => {
    // Rights on a name that does not exist: MariaDB answers 1049, not 1044.
    const u = await createDbUser('ma_nodb', 'pw-nodb', 'ma_missing_db', { createDatabase: false });
    await fillDatabase(app.page, u);
    const r = await testDatabase(app.page);
    expect(r.status).toBe('fail');
    expect(r.text).toContain('The sign-in worked, but there is no database with this name.');
  });

  it('unreachable host: its own sentence', async () => {
    await fillDatabase(app.page, { ...db, host: '127.0.0.1', port: await freePort() });
    const r = await testDatabase(app.page);
    expect(r.status).toBe('fail');
    expect(r.text).toContain('Nothing answered at this host and port.');
    await fillDatabase(app.page, { ...db, host: 'no-such-host.invalid' });
    const dns = await testDatabase(app.page);
    expect(dns.text).toContain('The server name could not be found.');
  });

  it('a server that asks for the password in clear text: its own sentence, and the password is not sent', async () => {
    const rogue = await rogueMysql();
    try {
      await fillDatabase(app.page, { ...db, host: '127.0.0.1', port: rogue.port });
      const r = await testDatabase(app.page);
      expect(r.status).toBe('fail');
      expect(r.text).toContain('asked for your password unencrypted, so the app did not send it');
      expect(rogue.afterAsk).toEqual([]);
    } finally {
      await rogue.close();
    }
  });

  it('a passing test shows the server version', async () => {
    await fillDatabase(app.page, db);
    const r = await testDatabase(app.page);
    expect(r.status).toBe('ok');
    expect(r.text).toMatch(/Connected to \S*MariaDB/);
  });
});
