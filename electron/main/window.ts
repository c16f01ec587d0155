// The main BrowserWindow and its session's security settings. The decisions themselves live in
// security-policy.ts (unit-tested); this file only applies them to Electron.
import { BrowserWindow, shell, type Session } from 'electron';
import {
  buildCsp,
  decidePermission,
  decidePermissionCheck,
  isAllowedNavigation,
  isSafeExternalUrl,
  type AppOrigin,
} from './security-policy';

export interface WindowOptions {
  preloadPath: string;
  /** The renderer: app://meeting-assistant/index.html, or the dev server in development. */
  pageUrl: string;
  appOrigin: AppOrigin;
}

/** Applies CSP, permission and download policies to the window's session. Call once per session. */
export function hardenSession(ses: Session, opts: WindowOptions): void {
  // app:// responses carry the CSP themselves (electron-protocol.ts); this covers the dev server,
  // with the policy relaxed for Vite only when there is one (never in a packaged app).
  const csp = buildCsp({ devServerUrl: opts.appOrigin.devServerUrl });
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      for (const name of Object.keys(headers))
        if (name.toLowerCase() === 'content-security-policy') delete headers[name];
      headers['Content-Security-Policy'] = [csp];
    }
    callback({ responseHeaders: headers });
  });
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(
      decidePermission({ permission, requestingUrl: details.requestingUrl, mediaTypes }, opts.appOrigin),
    );
  });
  ses.setPermissionCheckHandler((_wc, permission, _origin, details) =>
    decidePermissionCheck(permission, details.requestingUrl ?? '', details.mediaType, opts.appOrigin),
  );
  ses.on('will-download', (event) => event.preventDefault());
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Meeting Assistant',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  hardenSession(win.webContents.session, opts);

  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, opts.appOrigin)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, opts.appOrigin)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  // window.open and target=_blank: never a new Electron window; safe web links go to the browser.
  wc.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.pageUrl);
  return win;
}
