// Server mode from the wizard, and a configuration file with problems.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { toKeychainError } from '../../electron/main/secrets/keychain-errors';
import type { SecretStore } from '../../electron/main/launch/deps';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { fakeCompanyServer } from './support/fake-servers';
import { clearKeychain, haveServices, tempDir } from './support/services';
import { id, next, waitForMain, waitForStep } from './support/wizard';

describe.skipIf(!haveServices())('other screens', () => {
  let app: RunningApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(() => closeBrowser());

  it("server mode: the company's server is tested, and the app connects to it", async () => {
    await clearKeychain();
    const server = await fakeCompanyServer();
    const userDataDir = tempDir();
    app = await openApp({ userDataDir });
    const { page } = app;
    await waitForStep(page, 'Deployment');
    await page.getByLabel('Connect to my company’s server').check();
    await page.fill(id('apiBaseUrl'), server.url);
    await page.click('#test-server');
    await expect
      .poll(() => page.locator('#test-server + .test__result').innerText())
      .toContain('The server answered: Meeting Assistant 9.9.9-company, database connected.');
    await app.shot('wizard-1-deployment-server');
    await next(page);
    await waitForStep(page, 'Review');
    await page.getByRole('button', { name: 'Finish' }).click();
    await waitForMain(page);
    expect(await page.locator('[data-testid="status-mode"]').innerText()).toBe('Company server');
    expect(await page.locator('[data-testid="status-url"]').innerText()).toBe(server.url);
    const cfg = JSON.parse(fs.readFileSync(path.join(userDataDir, 'config.json'), 'utf8'));
    expect(cfg).toMatchObject({ apiBaseUrl: server.url, backend: { embedded: false } });
    await server.close();
  });

  it('a file with problems: each one named, the file untouched, settings offered', async () => {
    const dir = tempDir('ma-cfg-');
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(
      file,
      JSON.stringify(
        { version: 1, apiBaseUrl: 'ftp://nope', backend: { embedded: false, port: 'eighty' } },
        null,
        2,
      ),
    );
    const before = fs.readFileSync(file);
    app = await openApp({ userDataDir: tempDir(), env: { MEETING_ASSISTANT_CONFIG: file } });
    const { page } = app;
    await page.locator('h1', { hasText: 'The configuration file has problems' }).waitFor({ timeout: 30_000 });
    const text = await page.locator('main').innerText();
    expect(text).toContain('apiBaseUrl');
    expect(text).toContain('backend.port');
    expect(text).toContain(file);
    await app.shot('invalid-config');
    await page.getByRole('button', { name: 'Fix in settings' }).click();
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    await page.locator(id('apiBaseUrl')).waitFor();
    expect(await page.locator('main').innerText()).toContain('The settings file had these problems.');
    await app.shot('settings-from-invalid-config');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('keychain unavailable: a plain explanation and Try again', async () => {
    // The Secret Service's own words when there is no D-Bus session, through the app's classifier.
    const fail = async (): Promise<never> => {
      throw toKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux');
    };
    const secretStore: SecretStore = {
      get: fail,
      set: fail,
      delete: fail,
      destination: fail,
      list: fail,
      probe: fail,
    };
    const dir = tempDir('ma-admin-');
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        version: 1,
        backend: {
          embedded: true,
          database: { host: '127.0.0.1', user: 'u', database: 'd', password: 'p' },
          externalApis: {
            authApiUrl: 'http://127.0.0.1:9/api',
            difyApiUrl: 'http://127.0.0.1:9/v1',
            difyApiKey: 'k',
          },
          auth: { adminEmail: 'a@example.com', jwtSecret: 'j'.repeat(40) },
        },
      }),
    );
    app = await openApp({ userDataDir: tempDir(), adminDir: dir, secretStore });
    const { page } = app;
    await page
      .locator('h1', { hasText: 'The system keychain is not available' })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('main').innerText()).toContain('no D-Bus session');
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await app.shot('keychain-unavailable');
  });
});
