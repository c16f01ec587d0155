// app://meeting-assistant: which file a request names (electron/main/app-protocol.ts).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_PAGE_URL,
  appResponseHeaders,
  resolveAppRequest,
} from '../../../electron/main/app-protocol';

const posixRoot = '/opt/Meeting Assistant/resources/app.asar/dist/renderer';
const winRoot = 'C:\\Program Files\\Meeting Assistant\\resources\\app.asar\\dist\\renderer';

describe('resolveAppRequest', () => {
  it('maps the app origin onto the renderer folder; / is index.html', () => {
    expect(APP_PAGE_URL).toBe(`${APP_ORIGIN}/index.html`);
    expect(resolveAppRequest(`${APP_ORIGIN}/`, posixRoot, 'GET', path.posix)).toEqual({
      ok: true,
      file: `${posixRoot}/index.html`,
      contentType: 'text/html; charset=utf-8',
    });
    expect(
      resolveAppRequest(`${APP_ORIGIN}/assets/index-abc.js?x=1#h`, posixRoot, 'GET', path.posix),
    ).toEqual({
      ok: true,
      file: `${posixRoot}/assets/index-abc.js`,
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest(`${APP_ORIGIN}/a%20b.css`, posixRoot, 'HEAD', path.posix)).toMatchObject({
      ok: true,
      file: `${posixRoot}/a b.css`,
    });
  });

  // The URL parser already resolves plain and %2e-encoded dot segments (they stay inside the
  // folder); everything that would need decoding to step out, or that names a drive, is refused.
  it.each([
    ['/../../etc/passwd', 'inside'],
    ['/%2e%2e/%2e%2e/etc/passwd', 'inside'],
    ['/assets/%2e%2e%2f%2e%2e%2fsecret', 'refused'],
    ['/assets/..%5c..%5csecret', 'refused'],
    ['/%2fetc/passwd', 'refused'],
    ['/C:%5cWindows%5cwin.ini', 'refused'],
    ['/c:/Windows/win.ini', 'refused'],
    ['/assets//x.js', 'refused'],
    ['/x%00.js', 'refused'],
    ['/%E0%A4%A', 'refused'],
  ])('%s stays in the folder (%s) on POSIX and Windows', (p, expected) => {
    for (const [root, api] of [
      [posixRoot, path.posix],
      [winRoot, path.win32],
    ] as const) {
      const r = resolveAppRequest(`${APP_ORIGIN}${p}`, root, 'GET', api);
      if (expected === 'refused') expect(r.ok, `${p} -> ${JSON.stringify(r)}`).toBe(false);
      else {
        expect(r.ok).toBe(true);
        if (r.ok) {
          const rel = api.relative(root, r.file);
          expect(rel.startsWith('..') || api.isAbsolute(rel)).toBe(false);
        }
      }
    }
  });

  it('uses the Windows path rules on Windows', () => {
    expect(resolveAppRequest(`${APP_ORIGIN}/assets/a.js`, winRoot, 'GET', path.win32)).toMatchObject({
      ok: true,
      file: `${winRoot}\\assets\\a.js`,
    });
  });

  it('answers only the app origin, and only GET/HEAD', () => {
    expect(resolveAppRequest('app://other/index.html', posixRoot)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('file:///etc/passwd', posixRoot)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest(APP_PAGE_URL, posixRoot, 'POST')).toMatchObject({ ok: false, status: 405 });
  });

  it('every response carries the exact CSP and no-sniff', () => {
    expect(appResponseHeaders('text/html; charset=utf-8')).toMatchObject({
      'content-security-policy': "default-src 'self'; connect-src 'self'",
      'x-content-type-options': 'nosniff',
    });
  });
});
