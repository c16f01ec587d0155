// The renderer under the app's own origin policy (issue 9, §5), in real Chromium: the page comes
// with exactly `default-src 'self'; connect-src 'self'` as a header (no meta CSP), renders the
// wizard under it without a single violation, and cannot reach the backend itself.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { clearKeychain, haveServices, tempDir } from './support/services';
import { waitForStep } from './support/wizard';

/** The little of the page this test touches (this tsconfig has no DOM lib). */
interface CspPage {
  __csp: string[];
  location: { href: string };
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      cb: (e: { effectiveDirective: string; blockedURI: string }) => void,
    ): void;
  };
}

describe.skipIf(!haveServices())('app origin and CSP', () => {
  let app: RunningApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(() => closeBrowser());

  it('the page has the exact CSP header, no meta CSP, no violation, and no way to the backend', async () => {
    await clearKeychain();
    // The listener is in place before the first load, so it sees every violation of it.
    app = await openApp({
      userDataDir: tempDir(),
      beforeLoad: (page) =>
        page.addInitScript(() => {
          const w = globalThis as unknown as CspPage;
          w.__csp = [];
          w.document.addEventListener('securitypolicyviolation', (e) =>
            w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
          );
        }),
    });
    const { page, main } = app;
    await waitForStep(page, 'Deployment');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await waitForStep(page, 'Database');

    const header = await page.evaluate(async () =>
      (await fetch((globalThis as unknown as CspPage).location.href)).headers.get('content-security-policy'),
    );
    expect(header).toBe("default-src 'self'; connect-src 'self'");
    expect(await page.locator('meta[http-equiv="Content-Security-Policy" i]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as CspPage).__csp)).toEqual([]);

    // The setup-mode backend is up on loopback, yet the page cannot call it: only main can.
    await expect
      .poll(() => main.controller.backendSupervisor.ready?.port ?? 0, { timeout: 30_000 })
      .not.toBe(0);
    const port = main.controller.backendSupervisor.ready?.port;
    const direct = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'reached';
      } catch {
        return 'blocked';
      }
    }, `http://127.0.0.1:${port}/api/health`);
    expect(direct).toBe('blocked');
    expect(await page.evaluate(() => (globalThis as unknown as CspPage).__csp)).toEqual([
      `connect-src http://127.0.0.1:${port}/api/health`,
    ]);
  });
});
