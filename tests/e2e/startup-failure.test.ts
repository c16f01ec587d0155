// A launch that fails: a plain reason, Retry, Open settings and Show logs.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { adminConfig, writeJson } from './support/configs';
import { clearKeychain, createDbUser, freePort, haveServices, tempDir } from './support/services';
import { id } from './support/wizard';

describe.skipIf(!haveServices())('startup failure', () => {
  let app: RunningApp | null = null;
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
  });

  it('shows the reason with Retry, Open settings and Show logs', async () => {
    await clearKeychain();
    const db = await createDbUser('ma_fail', 'fail pw', 'ma_fail_db');
    const adminDir = tempDir('ma-admin-');
    // The database port has nothing listening: the backend starts, the health check reports the database down.
    writeJson(
      path.join(adminDir, 'config.json'),
      adminConfig({ ...db, port: await freePort() }, { backendPort: await freePort() }),
    );
    app = await openApp({ userDataDir: tempDir(), adminDir, gate: { attempts: 8, intervalMs: 250 } });
    const { page } = app;

    await page.locator('h1', { hasText: 'Starting Meeting Assistant' }).waitFor();
    await app.shot('startup');
    await page.locator('h1', { hasText: 'could not start' }).waitFor({ timeout: 60_000 });
    const message = await page.locator('[data-testid="failure-message"]').innerText();
    expect(message.length).toBeGreaterThan(10);
    for (const name of ['Retry', 'Open settings', 'Show logs']) {
      expect(await page.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
    }
    await page.getByRole('button', { name: 'Show logs' }).click();
    await page.locator('.log-tail').waitFor();
    await app.shot('startup-failed');

    // Retry runs the launch again (and fails again, for the same reason).
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('h1', { hasText: 'could not start' }).waitFor({ timeout: 60_000 });

    // Open settings: the forms, pre-filled from the file that failed.
    await page.getByRole('button', { name: 'Open settings' }).click();
    await page.locator(id('backend.database.user')).waitFor();
    expect(await page.inputValue(id('backend.database.user'))).toBe(db.user);
  });
});
