// The settings screen on a running app: change the database, bad edits, a failing save.
import type { PageGlobals } from './support/page-globals';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { adminConfig, writeJson } from './support/configs';
import {
  clearKeychain,
  createDbUser,
  freePort,
  haveServices,
  secretLookup,
  tempDir,
  type DbAccount,
} from './support/services';
import { fillDatabase, id, testDatabase, waitForMain } from './support/wizard';

describe.skipIf(!haveServices())('settings', () => {
  let db: DbAccount;
  let db2: DbAccount;
  let app: RunningApp;
  let configFile: string;

  beforeAll(async () => {
    await clearKeychain();
    db = await createDbUser('ma_set1', 'settings pw 1', 'ma_set1_db');
    db2 = await createDbUser('ma_set2', 'settings pw 2', 'ma_set2_db');
    const userDataDir = tempDir();
    const adminDir = tempDir('ma-admin-');
    writeJson(path.join(adminDir, 'config.json'), adminConfig(db, { backendPort: await freePort() }));
    app = await openApp({ userDataDir, adminDir });
    configFile = path.join(userDataDir, 'config.json');
    await waitForMain(app.page);
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
  });

  async function openSettings(): Promise<void> {
    await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
    await app.page.locator(id('backend.database.host')).waitFor();
  }

  it('shows the current values, secrets masked', async () => {
    await openSettings();
    const { page } = app;
    expect(await page.inputValue(id('backend.database.user'))).toBe(db.user);
    expect(await page.locator('.secret-stored').count()).toBe(4);
    expect(await page.locator('main').innerText()).toContain('stored in the system keychain');
    expect(await page.locator('main').innerText()).not.toContain(db.password);
    await app.shot('settings');
  });

  it('an invalid value cannot be saved, and the old config stays', async () => {
    const { page } = app;
    const before = fs.readFileSync(configFile);
    await page.fill(id('backend.database.port'), '0');
    await page.fill(id('backend.database.host'), 'not a host name!');
    await page.getByRole('button', { name: 'Save and restart' }).click();
    await expect
      .poll(() => page.locator(`${id('backend.database.host')}-error`).innerText())
      .toMatch(/host name/);
    expect(await page.locator(`${id('backend.database.port')}-error`).innerText()).toMatch(/1 to 65535/);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id)).toBe(
      'f-backend-database-host',
    );
    await app.shot('settings-invalid');
    expect(fs.readFileSync(configFile).equals(before)).toBe(true);
    // Cancel discards the edit and goes back to the main view.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitForMain(page);
    expect(fs.readFileSync(configFile).equals(before)).toBe(true);
  });

  it('change the database, test, save: the backend restarts and the main view is back', async () => {
    await openSettings();
    const { page } = app;
    await page.getByRole('button', { name: 'Replace Password' }).click();
    await fillDatabase(page, db2);
    const r = await testDatabase(page);
    expect(r.status).toBe('ok');
    await page.getByRole('button', { name: 'Save and restart' }).click();
    await waitForMain(page);
    expect(await page.locator('[data-testid="status-database"]').innerText()).toContain('connected');
    const written = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    expect(written.backend.database.user).toBe(db2.user);
    expect(fs.readFileSync(configFile, 'utf8')).not.toContain(db2.password);
    expect(await secretLookup('backend.database.password')).toBe(db2.password);
  });

  it('a save that fails says why; the last working settings can be restored', async () => {
    await openSettings();
    const { page } = app;
    await page.getByRole('button', { name: 'Replace Password' }).click();
    await page.fill(id('backend.database.password'), 'not-the-password');
    await page.getByRole('button', { name: 'Save and restart' }).click();
    const failure = page.locator('#save-failure');
    await failure.waitFor({ timeout: 90_000 });
    expect(await failure.innerText()).toContain('could not start with them');
    expect(await failure.innerText()).toMatch(/refused|password/);
    await app.shot('settings-save-failed');
    await page.getByRole('button', { name: 'Restore last working settings' }).click();
    await waitForMain(page, 90_000);
    expect(await page.locator('[data-testid="status-database"]').innerText()).toContain('connected');
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8')).backend.database.user).toBe(db2.user);
    expect(await secretLookup('backend.database.password')).toBe(db2.password);
  });
});
