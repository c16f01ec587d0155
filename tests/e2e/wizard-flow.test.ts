// The rest of the wizard's promises: Dify key tests, Finish failing back to the step concerned,
// and a draft that survives quitting mid-wizard.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { fakeAuth, fakeDify, type FakeServer } from './support/fake-servers';
import {
  clearKeychain,
  createDbUser,
  filesContaining,
  haveServices,
  tempDir,
  type DbAccount,
} from './support/services';
import { fillDatabase, fillDify, fillSignIn, id, next, testDatabase, waitForStep } from './support/wizard';

const KEYS = { appKey: 'app-flow-app-key', sttKey: 'app-flow-stt-key', sttEnabledForSttKey: false };

describe.skipIf(!haveServices())('wizard flow', () => {
  let db: DbAccount;
  let dify: FakeServer;
  let auth: FakeServer;
  let app: RunningApp | null = null;

  beforeAll(async () => {
    db = await createDbUser('ma_flow', 'flow pw', 'ma_flow_db');
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

  async function toDify(password = db.password): Promise<RunningApp> {
    await clearKeychain();
    app = await openApp({ userDataDir: tempDir() });
    await waitForStep(app.page, 'Deployment');
    await next(app.page);
    await waitForStep(app.page, 'Database');
    await fillDatabase(app.page, { ...db, password });
    await testDatabase(app.page);
    await next(app.page);
    if (password !== db.password) await app.page.click('#skip-db-confirm');
    await waitForStep(app.page, 'Dify');
    return app;
  }

  it('Dify: each key has a test that says whether speech-to-text is enabled', async () => {
    const { page } = await toDify();
    await fillDify(page, dify.url, KEYS.appKey, KEYS.sttKey);
    const result = (key: string) => page.locator(`#test-${key} + .test__result`);
    await page.click('#test-difyApiKey');
    await expect
      .poll(() => result('difyApiKey').innerText())
      .toContain('Speech-to-text is enabled for this Dify app.');
    await page.click('#test-difySttApiKey');
    await expect.poll(() => result('difySttApiKey').innerText()).toContain('speech-to-text is not enabled');
    await app?.shot('wizard-3-dify');
    await page.fill(id('backend.externalApis.difyApiKey'), 'app-wrong-key');
    await page.click('#test-difyApiKey');
    await expect.poll(() => result('difyApiKey').innerText()).toContain('Dify did not accept this key.');
  });

  it('Finish that fails goes back to the step concerned, with the reason', async () => {
    const { page } = await toDify('not-the-password');
    await fillDify(page, dify.url, KEYS.appKey, KEYS.sttKey);
    await next(page);
    await waitForStep(page, 'Sign-in');
    await fillSignIn(page, auth.url, 'admin@example.com');
    await next(page);
    await waitForStep(page, 'Review');
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.locator('#finish-failure').waitFor({ timeout: 90_000 });
    await waitForStep(page, 'Database');
    expect(await page.locator('#finish-failure').innerText()).toContain('Setup could not be finished.');
    expect(await page.locator('#finish-failure').innerText()).toMatch(/refused|password/i);
    await app?.shot('wizard-finish-failed');
  });

  it('quitting mid-wizard keeps every typed non-secret value, and no secret', async () => {
    await clearKeychain();
    const userDataDir = tempDir();
    app = await openApp({ userDataDir });
    await waitForStep(app.page, 'Deployment');
    await next(app.page);
    await waitForStep(app.page, 'Database');
    await app.page.fill(id('backend.database.host'), 'draft-host.example.com');
    await app.page.fill(id('backend.database.user'), 'draft_user');
    await app.page.fill(id('backend.database.password'), 'draft-secret-pw');
    await app.page.waitForTimeout(800);
    await app.close();

    app = await openApp({ userDataDir });
    await waitForStep(app.page, 'Database');
    expect(await app.page.inputValue(id('backend.database.host'))).toBe('draft-host.example.com');
    expect(await app.page.inputValue(id('backend.database.user'))).toBe('draft_user');
    expect(await app.page.inputValue(id('backend.database.password'))).toBe('');
    expect(await app.page.locator('main').innerText()).toContain('Your unfinished setup was restored.');
    expect(filesContaining(userDataDir, 'draft-secret-pw')).toEqual([]);
  });
});
