// Serves the built renderer (dist/renderer) over http on 127.0.0.1, from inside the test process,
// through the app:// protocol's own logic (electron/main/app-protocol.ts): the same files, and the
// same response headers, so every e2e page runs under the app's exact CSP.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN, appResponseHeaders, resolveAppRequest } from '../../../electron/main/app-protocol';

export const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `MA_RENDERER_ONLY=1 npx vite build` first');
  }
  const server = http.createServer((req, res) => {
    const r = resolveAppRequest(`${APP_ORIGIN}${req.url ?? '/'}`, RENDERER_DIR, req.method);
    if (!r.ok || !fs.existsSync(r.file) || fs.statSync(r.file).isDirectory()) {
      res.writeHead(r.ok ? 404 : r.status, appResponseHeaders('text/plain; charset=utf-8'));
      res.end();
      return;
    }
    res.writeHead(200, appResponseHeaders(r.contentType));
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(r.file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
