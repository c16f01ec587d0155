// Electron entry: wires Electron's paths, shell, windows and ipcMain to createMainApp, and keeps
// the order of start and quit (check mode first, then single instance, then the window; quit waits
// for the sidecars). Every other decision lives in the modules it calls: app.ts, check-mode.ts,
// renderer-source.ts, single-instance.ts and launch/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, shell } from 'electron';
import type { Emit } from '../contract/ipc';
import os from 'node:os';
import { createMainApp } from './app';
import { readBuildInfo } from './build-info';
import { checkModeArgs, runCheckMode } from './check-mode';
import { machineConfigDir } from './config';
import { registerAppScheme, serveAppProtocol } from './electron-protocol';
import { registerIpc } from './ipc/register';
import { decideRendererSource } from './renderer-source';
import { claimSingleInstance } from './single-instance';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The sandboxed preload is one CommonJS file (vite.config.ts names it index.cjs). */
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');
const rendererDir = path.join(here, '..', '..', 'dist', 'renderer');

let win: BrowserWindow | null = null;

function startPrimary(): void {
  // Packaged: app://meeting-assistant always; VITE_DEV_SERVER_URL only counts in development.
  const source = decideRendererSource({ packaged: app.isPackaged, env: process.env });

  const emit: Emit = (event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
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
    appOrigin: source.appOrigin,
    corsOrigins: source.corsOrigins,
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
  });

  registerIpc(mainApp.dispatch);

  void app.whenReady().then(() => {
    serveAppProtocol(rendererDir);
    win = createMainWindow({ preloadPath, pageUrl: source.pageUrl, appOrigin: source.appOrigin });
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
}

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

// Before 'ready', in every instance (Electron requires it then); it starts nothing.
registerAppScheme();
const primary = claimSingleInstance(
  {
    requestLock: () => app.requestSingleInstanceLock(),
    quit: () => app.quit(),
    onSecondInstance: (listener) => app.on('second-instance', listener),
  },
  () => win,
);
// A second launch has handed over to the first (which focuses its window) and quits: nothing more.
if (primary) startPrimary();
