// The whole wizard from the keyboard alone: Tab, typing, Space and Enter; no mouse.
import type { PageGlobals } from './support/page-globals';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { fakeAuth, fakeDify } from './support/fake-servers';
import { clearKeychain, createDbUser, haveServices, secretLookup, tempDir } from './support/services';
import { waitForMain, waitForStep } from './support/wizard';

async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as PageGlobals).document.activeElement;
    return el?.id || el?.textContent?.trim() || '';
  });
}

async function typeInto(page: Page, fieldId: string, text: string): Promise<void> {
  expect(await focused(page)).toBe(fieldId);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

describe.skipIf(!haveServices())('keyboard only', () => {
  let app: RunningApp | null = null;
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
  });

  it('completes the wizard without the mouse', async () => {
    await clearKeychain();
    const db = await createDbUser('ma_keys', 'keyboard pw', 'ma_keys_db');
    const dify = await fakeDify({ appKey: 'app-keys-1', sttKey: 'app-keys-2' });
    const auth = await fakeAuth();
    const userDataDir = tempDir();
    app = await openApp({ userDataDir });
    const { page } = app;
    const k = page.keyboard;

    // Deployment: focus starts on the first choice; Tab to Next... (Back is disabled, so Tab lands on Next).
    await waitForStep(page, 'Deployment');
    await k.press('Tab');
    expect(await focused(page)).toBe('Next');
    await k.press('Enter');

    // Database: fields in order, Test connection with Enter, then Enter in a field submits.
    await waitForStep(page, 'Database');
    await typeInto(page, 'f-backend-database-host', db.host);
    await k.press('Tab');
    await typeInto(page, 'f-backend-database-port', String(db.port));
    await k.press('Tab');
    await typeInto(page, 'f-backend-database-user', db.user);
    await k.press('Tab');
    await typeInto(page, 'f-backend-database-password', db.password);
    await k.press('Tab'); // Show
    await k.press('Tab');
    await typeInto(page, 'f-backend-database-database', db.database);
    await k.press('Tab');
    expect(await focused(page)).toBe('test-database');
    await k.press('Enter');
    await page.locator('#test-database + .test__result [data-status="ok"]').waitFor({ timeout: 30_000 });
    await k.press('Shift+Tab');
    await k.press('Enter');

    await waitForStep(page, 'Dify');
    await typeInto(page, 'f-backend-externalApis-difyApiUrl', dify.url);
    await k.press('Tab');
    await typeInto(page, 'f-backend-externalApis-difyApiKey', 'app-keys-1');
    await k.press('Tab'); // Show
    await k.press('Tab'); // Test app key
    await k.press('Tab');
    await typeInto(page, 'f-backend-externalApis-difySttApiKey', 'app-keys-2');
    await k.press('Enter');

    await waitForStep(page, 'Sign-in');
    await typeInto(page, 'f-backend-externalApis-authApiUrl', auth.url);
    await k.press('Tab'); // Test sign-in service
    await k.press('Tab');
    await typeInto(page, 'f-backend-auth-adminEmail', 'keys@example.com');
    await k.press('Enter');

    // Review: focus is on Finish.
    await waitForStep(page, 'Review');
    expect(await focused(page)).toBe('Finish');
    await k.press('Enter');

    await waitForMain(page);
    expect(await page.locator('[data-testid="status-database"]').innerText()).toContain('connected');
    expect(
      JSON.parse(fs.readFileSync(path.join(userDataDir, 'config.json'), 'utf8')).backend.auth.adminEmail,
    ).toBe('keys@example.com');
    expect(await secretLookup('backend.database.password')).toBe(db.password);
    await dify.close();
    await auth.close();
  });

  it('shows errors on submit and moves focus to the first one', async () => {
    await app?.close();
    await clearKeychain();
    app = await openApp({ userDataDir: tempDir() });
    const { page } = app;
    await waitForStep(page, 'Deployment');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForStep(page, 'Database');
    // Enter on the empty form: every field is checked, focus goes to the first error.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('f-backend-database-host');
    expect(await page.locator('#f-backend-database-host-error').innerText()).toBe('This field is required.');
    expect(await page.locator('#f-backend-database-host').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-backend-database-host').getAttribute('aria-describedby')).toContain(
      'f-backend-database-host-error',
    );
    await app.shot('wizard-2-database-errors');
  });
});
