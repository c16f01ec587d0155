// First run, happy path: the wizard with the real backend sidecar, MariaDB and keychain.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { fakeAuth, fakeDify, type FakeServer } from './support/fake-servers';
import {
  clearKeychain,
  createDbUser,
  filesContaining,
  haveServices,
  secretLookup,
  tempDir,
  type DbAccount,
} from './support/services';
import {
  fillDatabase,
  fillDify,
  fillSignIn,
  next,
  testDatabase,
  waitForMain,
  waitForStep,
} from './support/wizard';

const KEYS = { appKey: 'app-e2e-app-key-1234', sttKey: 'app-e2e-stt-key-5678' };

describe.skipIf(!haveServices())('first run', () => {
  let db: DbAccount;
  let dify: FakeServer;
  let auth: FakeServer;
  let app: RunningApp | null = null;

  beforeAll(async () => {
    db = await createDbUser('ma_first', 'first pw ü 1', 'ma_first_db');
    dify = await fakeDify(KEYS);
    auth = await fakeAuth();
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(async () => {
    await dify?.close();
    await auth?.close();
    await closeBrowser();
  });

  it('completes the wizard: config without secrets, secrets in the keychain, main view connected', async () => {
    await clearKeychain();
    const userDataDir = tempDir();
    app = await openApp({ userDataDir });
    const { page } = app;

    await waitForStep(page, 'Deployment');
    await app.shot('wizard-1-deployment');
    await next(page);

    await waitForStep(page, 'Database');
    await fillDatabase(page, db);
    const result = await testDatabase(page);
    expect(result.status).toBe('ok');
    expect(result.text).toMatch(/Connected to .*MariaDB/i);
    await app.shot('wizard-2-database');
    await next(page);

    await waitForStep(page, 'Dify');
    await fillDify(page, dify.url, KEYS.appKey, KEYS.sttKey);
    await next(page);

    await waitForStep(page, 'Sign-in');
    await fillSignIn(page, auth.url, 'admin@example.com');
    await page.click('#test-auth');
    await expect.poll(() => page.locator('#test-auth + .test__result').innerText()).toMatch(/answered/);
    await app.shot('wizard-4-signin');
    await next(page);

    await waitForStep(page, 'Review');
    const target = (await page.locator('[data-testid="target-path"]').innerText()).trim();
    expect(await page.locator('main').innerText()).toContain('stored in the system keychain');
    expect(await page.locator('main').innerText()).not.toContain(db.password);
    await app.shot('wizard-5-review');
    await page.getByRole('button', { name: 'Finish' }).click();

    await waitForMain(page);
    expect(await page.locator('[data-testid="status-database"]').innerText()).toContain('connected');
    await app.shot('main-view');

    expect(target).toBe(path.join(userDataDir, 'config.json'));
    const written = fs.readFileSync(target, 'utf8');
    const config = JSON.parse(written);
    expect(config.backend.database.user).toBe(db.user);
    for (const secret of [db.password, KEYS.appKey, KEYS.sttKey]) {
      expect(filesContaining(userDataDir, secret)).toEqual([]);
    }
    expect(await secretLookup('backend.database.password')).toBe(db.password);
    expect(await secretLookup('backend.externalApis.difyApiKey')).toBe(KEYS.appKey);
    expect((await secretLookup('backend.auth.jwtSecret'))?.length).toBeGreaterThanOrEqual(43);
  });
});
