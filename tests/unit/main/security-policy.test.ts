import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  buildCsp,
  decidePermission,
  decidePermissionCheck,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSenderUrl,
} from '../../../electron/main/security-policy';

const packaged = { appUrl: 'app://meeting-assistant' };
const dev = { devServerUrl: 'http://localhost:5173/' };

describe('isTrustedSenderUrl / isAllowedNavigation', () => {
  it.each([
    ['app://meeting-assistant/index.html', packaged, true],
    ['app://meeting-assistant/index.html#/wizard', packaged, true],
    ['app://other/index.html', packaged, false],
    ['app://user:pw@meeting-assistant/index.html', packaged, false],
    // The renderer is never a file any more: no local file is the app's page.
    ['file:///opt/Meeting%20Assistant/resources/app/dist/renderer/index.html', packaged, false],
    ['file:///tmp/evil.html', packaged, false],
    ['http://localhost:5173/', packaged, false],
    ['http://localhost:5173/', dev, true],
    ['http://localhost:5173/#/settings', dev, true],
    ['http://localhost:5174/', dev, false],
    ['http://127.0.0.1:5173/', dev, false],
    ['https://example.com/', dev, false],
    ['', dev, false],
    ['about:blank', packaged, false],
    ['not a url', packaged, false],
  ])('%s -> %s', (url, app, expected) => {
    expect(isTrustedSenderUrl(url, app)).toBe(expected);
    expect(isAllowedNavigation(url, app)).toBe(expected);
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://example.com/docs', true],
    ['http://intranet.local/help', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['ms-msdt:/id', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => expect(isSafeExternalUrl(url)).toBe(expected));
});

describe('decidePermission', () => {
  const page = 'app://meeting-assistant/index.html';
  it('grants the microphone to the app page only', () => {
    expect(
      decidePermission({ permission: 'media', requestingUrl: page, mediaTypes: ['audio'] }, packaged),
    ).toBe(true);
    expect(
      decidePermission(
        { permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] },
        packaged,
      ),
    ).toBe(false);
  });
  it('refuses the camera, screen capture and everything else', () => {
    expect(
      decidePermission(
        { permission: 'media', requestingUrl: page, mediaTypes: ['audio', 'video'] },
        packaged,
      ),
    ).toBe(false);
    expect(decidePermission({ permission: 'media', requestingUrl: page, mediaTypes: [] }, packaged)).toBe(
      false,
    );
    for (const p of [
      'geolocation',
      'notifications',
      'display-capture',
      'clipboard-read',
      'openExternal',
      'midi',
    ])
      expect(decidePermission({ permission: p, requestingUrl: page }, packaged)).toBe(false);
  });
  it('checks follow the same rule', () => {
    expect(decidePermissionCheck('media', page, 'audio', packaged)).toBe(true);
    expect(decidePermissionCheck('media', page, 'video', packaged)).toBe(false);
    expect(decidePermissionCheck('geolocation', page, undefined, packaged)).toBe(false);
  });
});

describe('buildCsp', () => {
  it('is exactly the app policy: self only, no file:, nothing else', () => {
    expect(buildCsp()).toBe("default-src 'self'; connect-src 'self'");
    expect(buildCsp()).toBe(APP_CSP);
    expect(buildCsp({ devServerUrl: 'file:///x' })).toBe(APP_CSP);
  });
  it('relaxes only for the dev server: its HMR socket and injected styles', () => {
    const csp = buildCsp({ devServerUrl: 'http://localhost:5173/' });
    expect(csp).toBe(
      "default-src 'self'; connect-src 'self' ws://localhost:5173; style-src 'self' 'unsafe-inline'",
    );
    expect(csp).not.toContain('file:');
  });
});
