import { describe, expect, it } from 'vitest';
import {
  buildCsp,
  decidePermission,
  decidePermissionCheck,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSenderUrl,
} from '../../../electron/main/security-policy';

const packaged = { appFileUrl: 'file:///opt/Meeting%20Assistant/resources/app/dist/renderer/index.html' };
const dev = { devServerUrl: 'http://localhost:5173/' };

describe('isTrustedSenderUrl / isAllowedNavigation', () => {
  it.each([
    ['file:///opt/Meeting%20Assistant/resources/app/dist/renderer/index.html', packaged, true],
    ['file:///opt/Meeting%20Assistant/resources/app/dist/renderer/index.html#/wizard', packaged, true],
    ['file:///tmp/evil.html', packaged, false],
    ['file:///opt/Meeting%20Assistant/resources/app/dist/renderer/other.html', packaged, false],
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
  const page = packaged.appFileUrl;
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
  it('limits connect-src to self and the backend origin', () => {
    const csp = buildCsp({ connectOrigins: ['http://127.0.0.1:8123/api', 'javascript:alert(1)'] });
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:8123;");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('javascript');
  });
  it('allows the dev server and its HMR socket in development', () => {
    const csp = buildCsp({ connectOrigins: [], devServerUrl: 'http://localhost:5173/' });
    expect(csp).toContain('ws://localhost:5173');
    expect(csp).toContain("script-src 'self' http://localhost:5173");
  });
});
