// Electron edge: registers the app:// scheme and serves dist/renderer through it. Every decision
// (which file, which headers) is in app-protocol.ts, unit-tested without Electron.
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, appResponseHeaders, resolveAppRequest } from './app-protocol';

/** Before app 'ready': app:// is a standard, secure origin ('self' in the CSP is this origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** After 'ready': answers app://meeting-assistant/<path> from `rendererDir` only. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const r = resolveAppRequest(request.url, rendererDir, request.method);
    if (!r.ok)
      return new Response(null, {
        status: r.status,
        headers: appResponseHeaders('text/plain; charset=utf-8'),
      });
    try {
      const body = request.method === 'HEAD' ? null : await fs.readFile(r.file);
      return new Response(body, { status: 200, headers: appResponseHeaders(r.contentType) });
    } catch {
      return new Response(null, { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') });
    }
  });
}
