// The sign-in screen in Chromium against the real main handlers, the real backend in normal mode
// on MariaDB, and a fake company sign-in service: a wrong password shows the service's own words,
// the right one reaches the main view, sign-out comes back here.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  SIGNIN_PASSWORD,
  startFakeSignIn,
  WRONG_PASSWORD_MESSAGE,
  type FakeSignIn,
} from '../support/fake-signin';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { adminConfig, writeJson } from './support/configs';
import {
  clearKeychain,
  createDbUser,
  freePort,
  haveServices,
  secretLookup,
  tempDir,
} from './support/services';
import type { PageGlobals } from './support/page-globals';

describe.skipIf(!haveServices())('sign-in', () => {
  let app: RunningApp;
  let signin: FakeSignIn;
  const alice = ACCOUNTS[0]!;

  beforeAll(async () => {
    await clearKeychain();
    signin = await startFakeSignIn();
    const db = await createDbUser('ma_signin', 'signin db pw', 'ma_signin_db');
    const adminDir = tempDir('ma-admin-');
    writeJson(
      path.join(adminDir, 'config.json'),
      adminConfig(db, { backendPort: await freePort(), authUrl: signin.url }),
    );
    app = await openApp({ userDataDir: tempDir(), adminDir });
  });
  afterAll(async () => {
    await app?.close();
    await signin?.close();
    await clearKeychain();
    await closeBrowser();
  });

  it('a wrong password shows the service’s message; the right one reaches the main view', async () => {
    const { page } = app;
    await page.locator('[data-testid="signin-form"]').waitFor({ timeout: 60_000 });
    await app.shot('signin');

    // The e-mail form of the name: the backend counts failures per name typed, so this run's
    // failure never blocks the name the successful sign-in uses.
    await page.getByLabel('Company user name or e-mail').fill(alice.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByLabel('Password', { exact: true }).press('Enter');
    const error = page.locator('[data-testid="signin-error"]');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toContain('The user name or password is not correct.');
    expect(await error.innerText()).toContain(WRONG_PASSWORD_MESSAGE);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id ?? null),
    ).toBe('signin-error');
    await app.shot('signin-wrong-password');

    await page.getByLabel('Company user name or e-mail').fill(alice.username);
    await page.getByLabel('Password', { exact: true }).fill(SIGNIN_PASSWORD);
    await page.getByLabel('Keep me signed in').check();
    await page.getByLabel('Password', { exact: true }).press('Enter');
    const signedIn = page.locator('[data-testid="signed-in"]');
    await signedIn.waitFor({ timeout: 30_000 });
    expect(await signedIn.innerText()).toContain(`${alice.name} (${alice.email})`);
    await page.locator('[data-testid="status-database"]').waitFor();
    await app.shot('main-view-signed-in');

    // The token stayed in main: not in the page, kept only in the keychain.
    const token = app.main.session.token();
    expect(token).toBeTruthy();
    expect(await page.content()).not.toContain(token!);
    expect(await secretLookup('session.token')).toContain(token!);

    await page.locator('[data-testid="sign-out"]').click();
    await page.locator('[data-testid="signin-form"]').waitFor();
    expect(app.main.session.token()).toBeNull();
    expect(await secretLookup('session.token')).toBeNull();
  });
});
