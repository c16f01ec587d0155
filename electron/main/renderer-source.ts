// Which page the window loads, which pages may call IPC, and which origins the backend's CORS
// allows: one decision, made once at start-up from app.isPackaged and the environment.
// Pure: index.ts passes Electron's values in; the unit test passes its own.
import { APP_ORIGIN, APP_PAGE_URL } from './app-protocol';
import { originOf, type AppOrigin } from './security-policy';

export interface RendererSource {
  /** What the window loads. */
  pageUrl: string;
  /** Pages trusted to call IPC and to get the microphone. */
  appOrigin: AppOrigin;
  /** The backend's CORS list (`corsOrigins` in its settings line). */
  corsOrigins: string[];
  /** The Vite dev server in use, or null (always null in a packaged app). */
  devServerUrl: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A packaged app always loads app://meeting-assistant/index.html and ignores every development
 * switch: otherwise whoever can set the user's environment could load any web page as the trusted
 * app page, with full IPC. In development, VITE_DEV_SERVER_URL is used only when it is an http(s)
 * address on this computer (Vite's own dev server).
 */
export function decideRendererSource(opts: {
  packaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): RendererSource {
  const app: RendererSource = {
    pageUrl: APP_PAGE_URL,
    appOrigin: { appUrl: APP_ORIGIN },
    corsOrigins: [APP_ORIGIN],
    devServerUrl: null,
  };
  if (opts.packaged) return app;
  const dev = devServer(opts.env.VITE_DEV_SERVER_URL);
  if (!dev) return app;
  return {
    pageUrl: dev.href,
    appOrigin: { appUrl: APP_ORIGIN, devServerUrl: dev.href },
    corsOrigins: [APP_ORIGIN, dev.origin],
    devServerUrl: dev.href,
  };
}

function devServer(value: string | undefined): URL | null {
  if (!value) return null;
  const origin = originOf(value.trim());
  if (!origin) return null;
  const u = new URL(value.trim());
  if (u.username || u.password || !LOOPBACK.has(u.hostname)) return null;
  return u;
}
