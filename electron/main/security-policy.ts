// The window's security decisions as plain functions (window.ts and ipc-register.ts apply them),
// so they are unit-tested without Electron.

export interface AppOrigin {
  /** file:// URL of the packaged renderer's index.html. */
  appFileUrl?: string;
  /** Vite dev server URL in development, e.g. http://localhost:5173/ */
  devServerUrl?: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is the app's own page: the exact index.html file, or the dev server's origin. */
export function isAppUrl(url: string, app: AppOrigin): boolean {
  const u = parse(url);
  if (!u) return false;
  if (app.appFileUrl) {
    const own = parse(app.appFileUrl);
    if (
      own &&
      u.protocol === 'file:' &&
      own.protocol === 'file:' &&
      u.host === own.host &&
      decodeURIComponent(u.pathname) === decodeURIComponent(own.pathname)
    )
      return true;
  }
  if (app.devServerUrl) {
    const dev = parse(app.devServerUrl);
    if (dev && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin) return true;
  }
  return false;
}

/** IPC: only frames showing the app's own page may call main. */
export const isTrustedSenderUrl = isAppUrl;

/** Navigation away from the app's page is denied; reloading the page itself is allowed. */
export function isAllowedNavigation(url: string, app: AppOrigin): boolean {
  return isAppUrl(url, app);
}

/** External links: http(s) only, no embedded credentials, a real host. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  return u.hostname.length > 0;
}

export interface PermissionRequest {
  permission: string;
  requestingUrl: string;
  /** For 'media': what is asked for ('audio', 'video'). */
  mediaTypes?: readonly string[];
}

/** Only the microphone, only for the app's own page. Everything else is refused. */
export function decidePermission(req: PermissionRequest, app: AppOrigin): boolean {
  if (req.permission !== 'media') return false;
  if (!isAppUrl(req.requestingUrl, app)) return false;
  const types = req.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'audio');
}

/** Permission *checks* (as opposed to requests) carry only a media type, or none. */
export function decidePermissionCheck(
  permission: string,
  requestingUrl: string,
  mediaType: string | undefined,
  app: AppOrigin,
): boolean {
  if (permission !== 'media' || !isAppUrl(requestingUrl, app)) return false;
  return mediaType === undefined || mediaType === 'audio';
}

export interface CspOptions {
  /** Origins the renderer may fetch from, e.g. http://127.0.0.1:8123 (the backend). */
  connectOrigins: string[];
  /** Development: allow the dev server's origin and its HMR websocket. */
  devServerUrl?: string;
}

/** Origin (scheme://host:port) of a URL, or null for anything but http(s). */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  return u.origin;
}

export function buildCsp(opts: CspOptions): string {
  const connect = new Set<string>(["'self'"]);
  for (const o of opts.connectOrigins) {
    const origin = originOf(o);
    if (origin) connect.add(origin);
  }
  const self = ["'self'"];
  if (opts.devServerUrl) {
    const dev = originOf(opts.devServerUrl);
    if (dev) {
      connect.add(dev);
      connect.add(dev.replace(/^http/, 'ws'));
      self.push(dev);
    }
  }
  return [
    "default-src 'none'",
    `script-src ${self.join(' ')}`,
    // Vue's scoped styles and transitions set inline style attributes.
    `style-src ${self.join(' ')} 'unsafe-inline'`,
    `img-src ${self.join(' ')} data: blob:`,
    `font-src ${self.join(' ')} data:`,
    `connect-src ${[...connect].join(' ')}`,
    "media-src 'self' blob: mediastream:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}
