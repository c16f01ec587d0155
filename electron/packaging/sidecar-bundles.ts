// The PyInstaller --onedir bundles the app ships (sidecars/build.sh writes sidecars/dist/<bundle>/)
// and where they land: resources/sidecars/<bundle>/<bundle>[.exe], which the app's resolver
// (electron/main/sidecar/command.ts) accepts as it is.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SidecarName } from '../contract/sidecar';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BundledSidecar {
  name: SidecarName;
  bundleName: string;
  spec: string;
  distDir: string;
}

export const SIDECAR_BUNDLES: BundledSidecar[] = [
  {
    name: 'backend',
    bundleName: 'meeting-backend',
    spec: 'backend/meeting_backend.spec',
    distDir: path.join(REPO_ROOT, 'sidecars', 'dist', 'meeting-backend'),
  },
  {
    name: 'transcriber',
    bundleName: 'meeting_transcriber',
    spec: 'transcriber/meeting_transcriber.spec',
    distDir: path.join(REPO_ROOT, 'sidecars', 'dist', 'meeting_transcriber'),
  },
];
