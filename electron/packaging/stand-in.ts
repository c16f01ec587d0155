// The Electron binary is downloaded from GitHub, which these machines cannot reach. package:check
// therefore hands electron-builder a stand-in "Electron distribution" it creates here: a folder
// with the files electron-builder copies, and an executable that is NOT Electron (it only prints
// that it is a stand-in). Everything electron-builder does around the binary (asar, unpacked
// native modules, extraResources, layout) is real; running the app and flipping fuses are not.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './sidecar-bundles';

export const STAND_IN_NOTICE =
  'Electron binary: STAND-IN. The real Electron cannot be downloaded here, so the packaged app contains a placeholder executable that only prints this notice. The asar, the unpacked native module and the sidecars are real.';

/** A real unpacked Electron, if this machine has one (node_modules/electron/dist). */
export function realElectronDist(platform = process.platform): string | null {
  const dist = path.join(REPO_ROOT, 'node_modules', 'electron', 'dist');
  const exe = platform === 'win32' ? 'electron.exe' : platform === 'darwin' ? 'Electron.app' : 'electron';
  return fs.existsSync(path.join(dist, exe)) ? dist : null;
}

export function createStandInElectron(dir: string, version: string, platform = process.platform): string {
  if (platform === 'darwin')
    throw new Error(
      'The stand-in covers Windows and Linux layouts; on macOS install Electron to run package:check.',
    );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const text = `${STAND_IN_NOTICE}\n`;
  if (platform === 'win32') {
    // Not a PE file: Windows refuses to run it, which is the honest outcome for a stand-in.
    fs.writeFileSync(path.join(dir, 'electron.exe'), text);
  } else {
    fs.writeFileSync(
      path.join(dir, 'electron'),
      `#!/bin/sh\necho '${STAND_IN_NOTICE.replace(/'/g, '')}' >&2\nexit 3\n`,
      {
        mode: 0o755,
      },
    );
  }
  fs.writeFileSync(path.join(dir, 'version'), version);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for the Electron license file.\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<p>Stand-in.</p>\n');
  fs.writeFileSync(path.join(dir, 'STAND-IN.txt'), text);
  return dir;
}
