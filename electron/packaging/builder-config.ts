// The electron-builder configuration, as a function of the two build choices: whether the backend
// sidecar is bundled (--embedded-backend) and whether fuses can be flipped (they need the real
// Electron binary; package:check runs on a stand-in). Installers: NSIS (per-user or per-machine,
// silent with /S and /D=), AppImage and deb, dmg (unsigned unless signing is configured).
import type { Configuration } from 'electron-builder';
import { SIDECAR_BUNDLES, type BundledSidecar } from './sidecar-bundles';

export interface BuilderChoices {
  embeddedBackend: boolean;
  /** false on a stand-in Electron: flipping fuses needs the real binary's fuse wire. */
  flipFuses: boolean;
  /** A folder holding an unpacked Electron (the stand-in, or a real one); default: download. */
  electronDist?: string;
  /** resources/build-info.json: app, commit, bundled sidecars (written by the package step). */
  buildInfoFile: string;
  outputDir: string;
  electronVersion: string;
}

export function bundledSidecars(embeddedBackend: boolean): BundledSidecar[] {
  return SIDECAR_BUNDLES.filter((s) => embeddedBackend || s.name !== 'backend');
}

export function builderConfig(c: BuilderChoices): Configuration {
  return {
    appId: 'com.meeting-assistant.desktop',
    productName: 'Meeting Assistant',
    electronVersion: c.electronVersion,
    ...(c.electronDist ? { electronDist: c.electronDist } : {}),
    directories: { output: c.outputDir },
    // Only the built app: vite bundles the renderer, main and preload; node_modules gets the
    // production dependencies (electron-builder adds them).
    files: ['dist/renderer/**/*', 'dist-electron/**/*', 'package.json', '!**/*.map'],
    asar: true,
    // Native modules cannot be loaded from inside an asar.
    asarUnpack: ['node_modules/keytar/**/*.node'],
    // keytar is compiled for Electron beforehand (npm run native:electron); electron-builder's own
    // rebuild would download headers from places these machines cannot reach.
    npmRebuild: false,
    extraResources: [
      ...bundledSidecars(c.embeddedBackend).map((s) => ({
        from: s.distDir,
        to: `sidecars/${s.bundleName}`,
        filter: ['**/*'],
      })),
      { from: c.buildInfoFile, to: 'build-info.json' },
    ],
    ...(c.flipFuses
      ? {
          electronFuses: {
            runAsNode: false,
            enableCookieEncryption: true,
            enableNodeOptionsEnvironmentVariable: false,
            enableNodeCliInspectArguments: false,
            enableEmbeddedAsarIntegrityValidation: true,
            onlyLoadAppFromAsar: true,
          },
        }
      : {}),
    win: { target: ['nsis'] },
    nsis: {
      // Assisted installer: "Only for me" (per-user, no admin) or "Anyone who uses this computer"
      // (per-machine). Silent: /S (per-user), /S /allusers (per-machine), /D=<folder> (last).
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      include: 'electron/packaging/installer.nsh',
    },
    // Windows and macOS keep the product name ("Meeting Assistant.exe"); Linux wants no spaces.
    linux: {
      target: ['AppImage', 'deb'],
      category: 'Office',
      maintainer: 'IT <it@example.com>',
      executableName: 'meeting-assistant',
    },
    deb: { depends: ['libsecret-1-0'] },
    mac: { target: ['dmg'], category: 'public.app-category.productivity' },
  };
}
