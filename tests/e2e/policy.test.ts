// A machine-wide policy.json, end to end: locked fields read-only in the wizard and the settings
// ("Set by your organisation"), and a wizard step whose every field is locked is skipped.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { adminConfig, writeJson } from './support/configs';
import {
  clearKeychain,
  createDbUser,
  freePort,
  haveServices,
  tempDir,
  type DbAccount,
} from './support/services';
import { id, waitForMain, waitForStep } from './support/wizard';

describe.skipIf(!haveServices())('policy-locked settings', () => {
  let db: DbAccount;
  let app: RunningApp | null = null;

  beforeAll(async () => {
    db = await createDbUser('ma_policy', 'policy pw 1', 'ma_policy_db');
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(async () => {
    await closeBrowser();
  });

  it('wizard: a locked field is read-only, marked, shows the locked value and ignores typing', async () => {
    await clearKeychain();
    const machineDir = tempDir('ma-machine-');
    writeJson(path.join(machineDir, 'policy.json'), { locked: { 'backend.database.host': db.host } });
    app = await openApp({ userDataDir: tempDir(), machineDir });
    const { page } = app;
    await waitForStep(page, 'Deployment');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await waitForStep(page, 'Database');
    const host = page.locator(id('backend.database.host'));
    expect(await host.getAttribute('readonly')).not.toBeNull();
    expect(await host.inputValue()).toBe(db.host);
    expect(await page.locator(`${id('backend.database.host')}-locked`).innerText()).toContain(
      'Set by your organisation',
    );
    // Typing into it changes nothing.
    await host.press('End');
    await page.keyboard.type('x');
    expect(await host.inputValue()).toBe(db.host);
    await app.shot('wizard-policy-locked');
  });

  it('wizard: the deployment step is skipped when the mode and the server address are both locked', async () => {
    await clearKeychain();
    const machineDir = tempDir('ma-machine-');
    writeJson(path.join(machineDir, 'policy.json'), {
      locked: { 'backend.embedded': false, apiBaseUrl: 'https://meetings.corp.example/api' },
    });
    app = await openApp({ userDataDir: tempDir(), machineDir });
    const { page } = app;
    await waitForStep(page, 'Review');
    expect(await page.locator('.wizard__steps li').allInnerTexts()).toEqual([
      expect.stringContaining('Review'),
    ]);
    expect(await page.locator('main').innerText()).toContain('https://meetings.corp.example/api');
    await app.shot('wizard-policy-step-skipped');
  });

  it('settings: a locked field is read-only and marked (settings-policy-locked.png)', async () => {
    await clearKeychain();
    const machineDir = tempDir('ma-machine-');
    writeJson(path.join(machineDir, 'config.json'), adminConfig(db, { backendPort: await freePort() }));
    writeJson(path.join(machineDir, 'policy.json'), {
      locked: { 'backend.database.host': db.host, 'backend.database.database': db.database },
    });
    app = await openApp({ userDataDir: tempDir(), machineDir });
    const { page } = app;
    await waitForMain(page);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.locator(id('backend.database.host')).waitFor();
    for (const field of ['backend.database.host', 'backend.database.database']) {
      expect(await page.locator(id(field)).getAttribute('readonly')).not.toBeNull();
      expect(await page.locator(`${id(field)}-locked`).innerText()).toContain('Set by your organisation');
    }
    expect(await page.locator(id('backend.database.user')).getAttribute('readonly')).toBeNull();
    await page.locator(id('backend.database.host')).scrollIntoViewIfNeeded();
    await app.shot('settings-policy-locked');
  });
});
