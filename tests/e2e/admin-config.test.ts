// An administrator's config.json beside the executable.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { adminConfig, SECRETS, writeJson } from './support/configs';
import {
  clearKeychain,
  createDbUser,
  filesContaining,
  freePort,
  haveServices,
  secretLookup,
  tempDir,
  type DbAccount,
} from './support/services';
import { id, waitForMain, waitForStep } from './support/wizard';

describe.skipIf(!haveServices())('administrator config', () => {
  let db: DbAccount;
  let app: RunningApp | null = null;

  beforeAll(async () => {
    db = await createDbUser('ma_admin', 'admin db pw', 'ma_admin_db');
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(() => closeBrowser());

  it('complete: no wizard, secrets moved to the keychain, admin file unchanged byte for byte', async () => {
    await clearKeychain();
    const adminDir = tempDir('ma-admin-');
    const userDataDir = tempDir();
    const adminFile = path.join(adminDir, 'config.json');
    const before = writeJson(adminFile, adminConfig(db, { backendPort: await freePort() }));

    app = await openApp({ userDataDir, adminDir });
    await waitForMain(app.page);
    expect(await app.page.locator('.wizard__steps').count()).toBe(0);
    expect(await app.page.locator('[data-testid="status-database"]').innerText()).toContain('connected');

    expect(fs.readFileSync(adminFile).equals(before)).toBe(true);
    expect(await secretLookup('backend.database.password')).toBe(db.password);
    expect(await secretLookup('backend.auth.jwtSecret')).toBe(SECRETS.jwtSecret);
    for (const secret of [db.password, SECRETS.difyApiKey, SECRETS.jwtSecret]) {
      expect(filesContaining(userDataDir, secret)).toEqual([]);
    }
    expect(
      JSON.parse(fs.readFileSync(path.join(userDataDir, 'config.json'), 'utf8')).backend.database.user,
    ).toBe(db.user);
  });

  it('incomplete: the wizard opens pre-filled from it', async () => {
    await clearKeychain();
    const adminDir = tempDir('ma-admin-');
    const cfg = adminConfig(db, { withSecrets: false });
    (cfg.backend as { externalApis: Record<string, string> }).externalApis.difyApiUrl =
      'https://dify.example.com/v1';
    const before = writeJson(path.join(adminDir, 'config.json'), cfg);

    app = await openApp({ userDataDir: tempDir(), adminDir });
    await waitForStep(app.page, 'Deployment');
    expect(await app.page.locator('main').innerText()).toContain(path.join(adminDir, 'config.json'));
    await app.page.getByRole('button', { name: 'Next', exact: true }).click();
    await waitForStep(app.page, 'Database');
    expect(await app.page.inputValue(id('backend.database.host'))).toBe(db.host);
    expect(await app.page.inputValue(id('backend.database.port'))).toBe(String(db.port));
    expect(await app.page.inputValue(id('backend.database.user'))).toBe(db.user);
    expect(await app.page.inputValue(id('backend.database.database'))).toBe(db.database);
    expect(await app.page.inputValue(id('backend.database.password'))).toBe('');
    expect(fs.readFileSync(path.join(adminDir, 'config.json')).equals(before)).toBe(true);
  });
});
