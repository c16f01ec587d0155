// Page helpers for the wizard, by label and role as a user would find things.
import type { PageGlobals } from './page-globals';
import type { Page } from 'playwright-core';
import type { DbAccount } from './services';

export const id = (path: string) => `#f-${path.replace(/\./g, '-')}`;

export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

export async function currentStep(page: Page): Promise<string> {
  return (await page.locator('.wizard__steps li[aria-current="step"]').textContent())?.trim() ?? '';
}

export async function waitForStep(page: Page, name: string): Promise<void> {
  await page
    .locator('.wizard__steps li[aria-current="step"]', { hasText: name })
    .waitFor({ timeout: 30_000 });
  // The step's form appears once the wizard has loaded its draft and the policy.
  await page.locator('form.wizard__body').waitFor({ timeout: 30_000 });
}

export async function fillDatabase(
  page: Page,
  db: Omit<DbAccount, 'password'> & { password?: string },
): Promise<void> {
  await page.fill(id('backend.database.host'), db.host);
  await page.fill(id('backend.database.port'), String(db.port));
  await page.fill(id('backend.database.user'), db.user);
  if (db.password !== undefined) await page.fill(id('backend.database.password'), db.password);
  await page.fill(id('backend.database.database'), db.database);
}

/** Clicks Test connection and returns the fresh result (the previous one is marked stale first). */
export async function testDatabase(page: Page): Promise<{ status: string; text: string }> {
  await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).document
      .querySelector('#test-database + .test__result p[data-status]')
      ?.setAttribute('data-stale', '1'),
  );
  const result = page.locator('#test-database + .test__result p[data-status]:not([data-stale])');
  await page.click('#test-database');
  await result.waitFor({ timeout: 30_000 });
  return {
    status: (await result.getAttribute('data-status')) ?? '',
    text: (await page.locator('#test-database + .test__result').innerText()).trim(),
  };
}

export async function fillDify(page: Page, url: string, appKey: string, sttKey: string): Promise<void> {
  await page.fill(id('backend.externalApis.difyApiUrl'), url);
  await page.fill(id('backend.externalApis.difyApiKey'), appKey);
  await page.fill(id('backend.externalApis.difySttApiKey'), sttKey);
}

export async function fillSignIn(page: Page, authUrl: string, email: string): Promise<void> {
  await page.fill(id('backend.externalApis.authApiUrl'), authUrl);
  await page.fill(id('backend.auth.adminEmail'), email);
}

export async function waitForMain(page: Page, timeout = 60_000): Promise<void> {
  try {
    // A ready app without a session shows the sign-in first; the status page is "About & status".
    const status = page.locator('[data-testid="status-database"]');
    const signIn = page.locator('[data-testid="signin-form"]');
    await status.or(signIn).first().waitFor({ timeout });
    if (!(await status.isVisible())) await page.locator('[data-testid="about-link"]').click();
    await status.waitFor({ timeout });
  } catch (e) {
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    throw new Error(`main view not shown; page says:\n${text}`, { cause: e });
  }
}
