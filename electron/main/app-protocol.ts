// The renderer's own origin, app://meeting-assistant, and how its requests map to the files of
// dist/renderer. Pure: the Electron registration (protocol.handle) is in electron-protocol.ts.
// On file://, 'self' would let a page read any local file; on app:// it is this folder only.
import nodePath from 'node:path';
import { APP_CSP } from './security-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'meeting-assistant';
/** The origin Chromium gives the page (the scheme is registered as standard and secure). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export type AppRequest =
  { ok: true; file: string; contentType: string } | { ok: false; status: 404 | 405; reason: string };

/** The subset of node:path used here: posix in tests of the Linux/macOS branch, win32 for Windows. */
export type PathApi = Pick<typeof nodePath, 'join' | 'relative' | 'isAbsolute' | 'extname' | 'sep'>;

/**
 * The file an app:// request names, inside `rendererDir` only. Each path segment is decoded on its
 * own and refused if it could step outside or name something else on Windows (`..`, separators,
 * drive letters, NUL), so no encoding of a traversal gets through. `/` is index.html.
 */
export function resolveAppRequest(
  url: string,
  rendererDir: string,
  method = 'GET',
  pathApi: PathApi = nodePath,
): AppRequest {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'method' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 404, reason: 'not a URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST)
    return { ok: false, status: 404, reason: 'not the app origin' };
  const raw = u.pathname === '/' || u.pathname === '' ? ['index.html'] : u.pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 404, reason: 'bad encoding' };
    }
    if (s === '' || s === '.' || s === '..' || /[/\\:\0]/.test(s))
      return { ok: false, status: 404, reason: 'bad path segment' };
    segments.push(s);
  }
  const file = pathApi.join(rendererDir, ...segments);
  const rel = pathApi.relative(rendererDir, file);
  if (!rel || rel.startsWith('..') || pathApi.isAbsolute(rel))
    return { ok: false, status: 404, reason: 'outside the renderer folder' };
  const ext = pathApi.extname(file).toLowerCase();
  return { ok: true, file, contentType: TYPES[ext] ?? 'application/octet-stream' };
}

/** Headers of every app:// response: the exact CSP (no meta CSP is needed), no MIME sniffing. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': APP_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}
