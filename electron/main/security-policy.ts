// The window's security decisions as plain functions (window.ts and ipc/register.ts apply them),
// so they are unit-tested without Electron.

export interface AppOrigin {
  /** The app's own origin, app://meeting-assistant (app-protocol.ts): the packaged renderer. */
  appUrl?: string;
  /** Vite dev server URL, in development only (renderer-source.ts never sets it when packaged). */
  devServerUrl?: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is a page of the app's own origin: app://meeting-assistant, or the dev server. */
export function isAppUrl(url: string, app: AppOrigin): boolean {
  const u = parse(url);
  if (!u) return false;
  if (app.appUrl) {
    // Compared by scheme and host: WHATWG URL gives non-http schemes an opaque ("null") origin.
    const own = parse(app.appUrl);
    if (own && u.protocol === own.protocol && u.host === own.host && !u.username && !u.password) return true;
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

/**
 * The renderer's policy, exactly (issue 9): everything from the app's own origin, nothing else.
 * The renderer talks only to main over IPC, never to the backend, so connect-src needs no more.
 */
export const APP_CSP = "default-src 'self'; connect-src 'self'";

/** Origin (scheme://host:port) of a URL, or null for anything but http(s). */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  return u.origin;
}

/**
 * The policy for a page: APP_CSP, or in development (a dev server URL) the same relaxed just
 * enough for Vite: its HMR websocket, and the <style> tags it injects.
 */
export function buildCsp(opts: { devServerUrl?: string } = {}): string {
  const dev = opts.devServerUrl ? originOf(opts.devServerUrl) : null;
  if (!dev) return APP_CSP;
  const ws = dev.replace(/^http/, 'ws');
  return `default-src 'self'; connect-src 'self' ${ws}; style-src 'self' 'unsafe-inline'`;
}
