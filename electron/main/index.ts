// Electron entry: wires Electron's paths, shell, windows and ipcMain to createMainApp.
// Nothing here decides anything; see app.ts and launch/.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, shell } from 'electron';
import type { Emit } from '../contract/ipc';
import os from 'node:os';
import { createMainApp } from './app';
import { readBuildInfo } from './build-info';
import { checkModeArgs, runCheckMode } from './check-mode';
import { machineConfigDir } from './config';
import { registerIpc } from './ipc-register';
import { originOf, type AppOrigin } from './security-policy';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.VITE_DEV_SERVER_URL;
const rendererIndex = path.join(here, '..', '..', 'dist', 'renderer', 'index.html');
const appOrigin: AppOrigin = devServerUrl
  ? { devServerUrl }
  : { appFileUrl: pathToFileURL(rendererIndex).toString() };

// --check-config / --check-policy: print the report, exit, and never open a window.
const checkArgs = checkModeArgs(process.argv);
if (checkArgs) {
  const code = await runCheckMode(checkArgs, {
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    print: (text) => new Promise((resolve) => process.stdout.write(text, () => resolve())),
  });
  app.exit(code);
  await new Promise<never>(() => {}); // nothing below runs while the app exits
}

if (!app.requestSingleInstanceLock()) app.quit();

/** The sandboxed preload is one CommonJS file (vite.config.ts names it index.cjs). */
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');

let win: BrowserWindow | null = null;
let backendOrigin: string | null = null;
/** The backend origin the current page's CSP allows (undefined before the first load). */
let loadedWith: string | null | undefined;

const currentOrigin = () => backendOrigin ?? mainApp.controller.expectedBackendOrigin();

/**
 * The CSP is fixed per page load. When the main view is reached (or the backend restarted) on an
 * origin the page's CSP does not name, reload: the renderer asks main for its state on load.
 * The configured port is the usual answer, so this is rare (port taken, restart on a new port).
 */
function syncCsp(): void {
  if (!win || win.isDestroyed() || loadedWith === undefined) return;
  if (mainApp.controller.getState().screen === 'ready' && currentOrigin() !== loadedWith)
    win.webContents.reload();
}

const emit: Emit = (event, payload) => {
  if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  const p = payload as { step?: string; state?: string };
  if (
    (event === 'launch:progress' && p.step === 'ready' && p.state === 'done') ||
    (event === 'sidecar:status' && p.state === 'running')
  )
    setImmediate(syncCsp);
};

// Packaged builds carry resources/build-info.json; their sidecars must be of the app's version.
const build = app.isPackaged ? readBuildInfo(process.resourcesPath) : { info: null };

const mainApp = createMainApp({
  userDataDir: app.getPath('userData'),
  adminDir: path.dirname(app.getPath('exe')),
  machineDir: machineConfigDir(process.platform, process.env),
  env: process.env,
  emit,
  packaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  appVersion: app.getVersion(),
  appOrigin,
  openPath: async (p) => {
    const err = await shell.openPath(p);
    if (err) throw new Error(err);
  },
  openExternal: (url) => shell.openExternal(url),
  chooseDiagnosticsPath: async (name) => {
    const options = {
      defaultPath: path.join(app.getPath('documents'), name),
      filters: [{ name: 'Zip', extensions: ['zip'] }],
    };
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  buildInfo: {
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    commit: build.info?.commit,
    sidecars: build.info?.sidecars,
    backendBundled: build.info ? build.info.embeddedBackend : true,
  },
  expectedSidecarVersion: app.isPackaged ? app.getVersion() : undefined,
  onBackendOrigin: (origin) => {
    backendOrigin = origin;
  },
});

registerIpc(mainApp.dispatch);

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

void app.whenReady().then(() => {
  win = createMainWindow({
    preloadPath,
    pageUrl: devServerUrl ?? pathToFileURL(rendererIndex).toString(),
    appOrigin,
    connectOrigins: () => {
      loadedWith = currentOrigin();
      return loadedWith && originOf(loadedWith) ? [loadedWith] : [];
    },
  });
  win.on('closed', () => (win = null));
  void mainApp.start();
});

// Quit always stops every sidecar, also one still starting; quitting waits for that.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void mainApp.stop().finally(() => app.exit(0));
});
app.on('window-all-closed', () => app.quit());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
