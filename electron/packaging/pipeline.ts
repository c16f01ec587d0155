// One packaging run: check the built app is there, build missing sidecar bundles, stamp
// build-info.json (app version, commit, bundled sidecars and their versions), run electron-builder.
// Used by `npm run package` and `npm run package:check`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, Platform } from 'electron-builder';
import { builderConfig, bundledSidecars } from './builder-config';
import { REPO_ROOT, type BundledSidecar } from './sidecar-bundles';

export interface PackageOptions {
  embeddedBackend: boolean;
  /** Unpacked folder only (electron-builder --dir), no installer. */
  dirOnly: boolean;
  flipFuses: boolean;
  electronDist?: string;
  outputDir: string;
  log: (line: string) => void;
}

export interface BuildInfo {
  appVersion: string;
  commit: string;
  embeddedBackend: boolean;
  /** The version each bundled sidecar was built from (its package's __version__). */
  sidecars: Record<string, string>;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

export function packageVersion(): string {
  return String(readJson(path.join(REPO_ROOT, 'package.json')).version);
}

export function electronVersion(): string {
  const pkg = readJson(path.join(REPO_ROOT, 'package.json'));
  return String((pkg.devDependencies as Record<string, string>).electron).replace(/^[\^~]/, '');
}

/** The sidecar package's __version__ (sidecars/<name>/meeting_<name>/__init__.py). */
export function sidecarSourceVersion(name: string): string {
  const init = path.join(REPO_ROOT, 'sidecars', name, `meeting_${name}`, '__init__.py');
  const m = /__version__\s*=\s*"([^"]+)"/.exec(fs.readFileSync(init, 'utf8'));
  if (!m) throw new Error(`No __version__ in ${init}`);
  return m[1]!;
}

export function gitCommit(): string {
  const r = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : (process.env.MA_BUILD_COMMIT ?? 'unknown');
}

export const bundleExecutable = (s: BundledSidecar, platform = process.platform): string =>
  path.join(s.distDir, platform === 'win32' ? `${s.bundleName}.exe` : s.bundleName);

/** Builds the PyInstaller bundles that are missing (sidecars/build.sh takes minutes per bundle). */
export function ensureSidecars(sidecars: BundledSidecar[], log: (l: string) => void): void {
  const missing = sidecars.filter((s) => !fs.existsSync(bundleExecutable(s)));
  for (const s of sidecars.filter((x) => !missing.includes(x)))
    log(`sidecar ${s.name}: using the existing bundle ${path.relative(REPO_ROOT, s.distDir)}`);
  if (missing.length === 0) return;
  log(`sidecars: building ${missing.map((s) => s.name).join(', ')} with PyInstaller (minutes)...`);
  const r = spawnSync('bash', ['sidecars/build.sh', ...missing.map((s) => s.spec)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('sidecars/build.sh failed; see its output above.');
}

export function assertAppBuilt(): void {
  for (const f of [
    'dist-electron/main/index.js',
    'dist-electron/preload/index.cjs',
    'dist/renderer/index.html',
  ])
    if (!fs.existsSync(path.join(REPO_ROOT, f)))
      throw new Error(`${f} is missing: run \`npm run build\` first (npm run package does).`);
}

export async function runPackage(o: PackageOptions): Promise<{ buildInfo: BuildInfo; outputDir: string }> {
  assertAppBuilt();
  const sidecars = bundledSidecars(o.embeddedBackend);
  ensureSidecars(sidecars, o.log);
  const buildInfo: BuildInfo = {
    appVersion: packageVersion(),
    commit: gitCommit(),
    embeddedBackend: o.embeddedBackend,
    sidecars: Object.fromEntries(sidecars.map((s) => [s.name, sidecarSourceVersion(s.name)])),
  };
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-build-info-'));
  const buildInfoFile = path.join(stage, 'build-info.json');
  fs.writeFileSync(buildInfoFile, `${JSON.stringify(buildInfo, null, 2)}\n`);
  fs.rmSync(o.outputDir, { recursive: true, force: true });
  const config = builderConfig({
    embeddedBackend: o.embeddedBackend,
    flipFuses: o.flipFuses,
    electronDist: o.electronDist,
    buildInfoFile,
    outputDir: o.outputDir,
    electronVersion: electronVersion(),
  });
  try {
    await build({
      projectDir: REPO_ROOT,
      config,
      publish: 'never',
      ...(o.dirOnly ? { targets: Platform.current().createTarget('dir') } : {}),
    });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return { buildInfo, outputDir: o.outputDir };
}
