// npm run package:check
// Packages the app as an unpacked folder (electron-builder --dir), with and without the embedded
// backend, and checks the layout that results, by running the bundled sidecars through the app's
// own code. Where Electron cannot be downloaded (these machines), electron-builder is given a
// stand-in Electron this command creates, and the output says so; steps that need the real binary
// are listed as skipped, with the reason. With node_modules/electron/dist present, it runs in full.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkAsar,
  checkBuildInfo,
  checkBundledBackend,
  checkBundledTranscriber,
  checkClientRefusesEmbedded,
  checkNativeUnpacked,
  checkSidecarFiles,
  folderBytes,
  unpackedDir,
  type CheckResult,
} from './layout-checks';
import { electronVersion, runPackage } from './pipeline';
import { REPO_ROOT } from './sidecar-bundles';
import { STAND_IN_NOTICE, createStandInElectron, realElectronDist } from './stand-in';

const log = (l: string) => console.log(l);
const real = realElectronDist();
const electronDist =
  real ?? createStandInElectron(path.join(os.tmpdir(), 'ma-electron-stand-in'), electronVersion());
log(real ? `Electron binary: real, from ${real}` : STAND_IN_NOTICE);

const results: CheckResult[] = [];
const sizes: string[] = [];
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

for (const embeddedBackend of [true, false]) {
  const variant = embeddedBackend ? 'embedded-backend' : 'client';
  log(`\n== packaging ${variant} (electron-builder --dir)`);
  const { buildInfo, outputDir } = await runPackage({
    embeddedBackend,
    dirOnly: true,
    flipFuses: real !== null,
    electronDist,
    outputDir: path.join(REPO_ROOT, 'release', `check-${variant}`),
    log,
  });
  const unpacked = unpackedDir(outputDir);
  const resources = path.join(unpacked, 'resources');
  const tag = (r: CheckResult): CheckResult => ({ ...r, name: `[${variant}] ${r.name}` });
  results.push(tag(checkAsar(resources)));
  results.push(tag(checkNativeUnpacked(resources)));
  results.push(
    tag(
      embeddedBackend
        ? checkSidecarFiles(resources, ['backend', 'transcriber'], [])
        : checkSidecarFiles(resources, ['transcriber'], ['backend']),
    ),
  );
  results.push(tag(checkBuildInfo(resources, buildInfo)));
  if (embeddedBackend) results.push(tag(await checkBundledBackend(resources, buildInfo.appVersion)));
  else
    results.push(
      tag(await checkClientRefusesEmbedded(resources, path.join(REPO_ROOT, 'config.example.json'))),
    );
  results.push(tag(await checkBundledTranscriber(resources, buildInfo.appVersion)));
  const sidecarDir = path.join(resources, 'sidecars');
  sizes.push(
    `${variant}: ${mb(folderBytes(unpacked))} unpacked (${path.relative(REPO_ROOT, unpacked)}), of which sidecars ${mb(folderBytes(sidecarDir))}${real ? '' : ' (plus the real Electron runtime, not measured here: the stand-in is a few bytes)'}`,
  );
}

const why = 'needs the real Electron binary, which cannot be downloaded on this machine';
if (real === null) {
  results.push({
    name: 'Electron fuses (RunAsNode off, NODE_OPTIONS off, --inspect off, asar integrity on, only app.asar, cookie encryption on)',
    status: 'skipped',
    detail: `${why}; the fuses are configured (builder-config.ts electronFuses) and electron-builder flips them when it packages a real Electron`,
  });
  results.push({ name: 'the packaged app starts and shows its window', status: 'skipped', detail: why });
  results.push({
    name: 'keytar compiled for Electron’s ABI (npm run native:electron)',
    status: 'skipped',
    detail:
      'Electron’s headers come from electronjs.org, unreachable here; the bundle holds keytar as built for Node',
  });
} else {
  results.push({
    name: 'Electron fuses',
    status: 'pass',
    detail: 'flipped by electron-builder (electronFuses) during the build; it fails the build if it cannot',
  });
}
results.push({
  name: 'installers (NSIS, AppImage, deb, dmg)',
  status: 'skipped',
  detail: 'package:check builds the unpacked folder only; `npm run package` builds the installers',
});

log('\n== package:check results');
for (const r of results) log(`${r.status.toUpperCase().padEnd(7)} ${r.name}\n        ${r.detail}`);
log('\n== bundle sizes');
for (const s of sizes) log(`  ${s}`);
const failed = results.filter((r) => r.status === 'fail').length;
const skipped = results.filter((r) => r.status === 'skipped').length;
log(
  `\npackage:check: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped${real ? '' : ' (Electron was a STAND-IN)'}`,
);
process.exitCode = failed > 0 ? 1 : 0;
if (!real) fs.rmSync(electronDist, { recursive: true, force: true });
