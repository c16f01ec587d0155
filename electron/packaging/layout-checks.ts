// What package:check verifies in an unpacked build (electron-builder --dir output). Each check
// answers pass, fail or skipped, with one line saying what was looked at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import asar from '@electron/asar';
import type { SecretField } from '../contract/config';
import { HealthSchema } from '../contract/sidecar';
import { createMainApp } from '../main/app';
import type { SecretStore } from '../main/launch/deps';
import { resolveSidecarCommand } from '../main/sidecar/command';
import { createTranscriber } from '../main/transcriber/create-transcriber';
import type { BuildInfo } from './pipeline';

export type CheckStatus = 'pass' | 'fail' | 'skipped';
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
}

const pass = (name: string, detail: string): CheckResult => ({ name, status: 'pass', detail });
const fail = (name: string, detail: string): CheckResult => ({ name, status: 'fail', detail });

/** linux-unpacked / win-unpacked under the output folder. */
export function unpackedDir(outputDir: string): string {
  const found = fs.readdirSync(outputDir).find((d) => d.endsWith('-unpacked'));
  if (!found) throw new Error(`No *-unpacked folder in ${outputDir}`);
  return path.join(outputDir, found);
}

export function checkAsar(resources: string): CheckResult {
  const name = 'asar holds main, preload and renderer';
  const file = path.join(resources, 'app.asar');
  if (!fs.existsSync(file)) return fail(name, `${file} is missing`);
  const listed = new Set(asar.listPackage(file, { isPack: false }).map((p) => p.replace(/\\/g, '/')));
  const wanted = [
    '/package.json',
    '/dist-electron/main/index.js',
    '/dist-electron/preload/index.cjs',
    '/dist/renderer/index.html',
  ];
  const missing = wanted.filter((w) => !listed.has(w));
  return missing.length === 0
    ? pass(name, `app.asar (${listed.size} entries) has ${wanted.join(', ')}`)
    : fail(name, `app.asar lacks ${missing.join(', ')}`);
}

export function checkNativeUnpacked(resources: string): CheckResult {
  const name = 'keytar native module unpacked from the asar';
  const file = path.join(
    resources,
    'app.asar.unpacked',
    'node_modules',
    'keytar',
    'build',
    'Release',
    'keytar.node',
  );
  return fs.existsSync(file) ? pass(name, path.relative(resources, file)) : fail(name, `${file} is missing`);
}

export function checkSidecarFiles(resources: string, expected: string[], absent: string[]): CheckResult {
  const name = `sidecars under resources/sidecars/ (${expected.join(', ') || 'none'}${absent.length ? `; not ${absent.join(', ')}` : ''})`;
  const problems: string[] = [];
  const found: string[] = [];
  for (const s of expected) {
    const cmd = resolveSidecarCommand({
      name: s as 'backend',
      packaged: true,
      resourcesPath: resources,
      repoRoot: '',
    });
    if (fs.existsSync(cmd.file)) found.push(path.relative(resources, cmd.file));
    else problems.push(`${s}: ${cmd.file} is missing`);
  }
  for (const s of absent) {
    const cmd = resolveSidecarCommand({
      name: s as 'backend',
      packaged: true,
      resourcesPath: resources,
      repoRoot: '',
    });
    if (fs.existsSync(cmd.file)) problems.push(`${s} should not be bundled, but ${cmd.file} exists`);
  }
  return problems.length === 0 ? pass(name, found.join(', ')) : fail(name, problems.join('; '));
}

export function checkBuildInfo(resources: string, expected: BuildInfo): CheckResult {
  const name = 'resources/build-info.json (app version, commit, sidecar versions)';
  const file = path.join(resources, 'build-info.json');
  if (!fs.existsSync(file)) return fail(name, `${file} is missing`);
  const got = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  return JSON.stringify(got) === JSON.stringify(expected)
    ? pass(name, JSON.stringify(got))
    : fail(name, `expected ${JSON.stringify(expected)}, found ${JSON.stringify(got)}`);
}

/** No keychain is needed for this check: a first start without config only opens the wizard. */
const noSecrets: SecretStore = {
  get: async () => null,
  set: async () => undefined,
  delete: async () => undefined,
  list: async () => [] as SecretField[],
  destination: async () => null,
  probe: async () => undefined,
};

/** Starts the bundled backend the way the app does (createMainApp, packaged) and asks /api/health. */
export async function checkBundledBackend(resources: string, expectedVersion: string): Promise<CheckResult> {
  const name = `bundled backend, started through the app’s resolver, reports version ${expectedVersion} and answers /api/health`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-package-check-'));
  const app = createMainApp({
    userDataDir,
    adminDir: null,
    env: {},
    emit: () => undefined,
    packaged: true,
    resourcesPath: resources,
    secretStore: noSecrets,
    readyTimeoutMs: 60_000,
    expectedSidecarVersion: expectedVersion,
  });
  try {
    const state = await app.start();
    if (state.screen !== 'wizard') return fail(name, `expected the first-run wizard, got ${state.screen}`);
    // The wizard's connection tests start the backend in setup mode; this is the same path.
    await app.controller.callSetupRoute('test-auth', { authApiUrl: 'http://127.0.0.1:9/' }, 60_000);
    const sup = app.controller.backendSupervisor;
    const ready = sup.ready;
    if (!ready)
      return fail(name, `the backend did not start; see ${path.join(userDataDir, 'logs', 'backend.log')}`);
    const spawned = resolveSidecarCommand({
      name: 'backend',
      packaged: true,
      resourcesPath: resources,
      repoRoot: '',
    });
    const url = `http://127.0.0.1:${ready.port}/api/health`;
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const health = HealthSchema.safeParse(await res.json());
    if (!res.ok || !health.success || health.data.status !== 'ok')
      return fail(name, `${url} answered HTTP ${res.status}`);
    return pass(name, `${path.relative(resources, spawned.file)} -> ${url}: ${JSON.stringify(health.data)}`);
  } finally {
    await app.stop();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** Starts the bundled transcriber the way the app does and waits for its `ready` event. */
export async function checkBundledTranscriber(
  resources: string,
  expectedVersion: string,
): Promise<CheckResult> {
  const name = `bundled transcriber, started through the app’s resolver, says ready with version ${expectedVersion}`;
  const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-package-check-'));
  const command = resolveSidecarCommand({
    name: 'transcriber',
    packaged: true,
    resourcesPath: resources,
    repoRoot: '',
  });
  const t = createTranscriber({
    command: () => command,
    whisper: async () => ({ offline: true }),
    emit: () => undefined,
    logsDir,
    readyTimeoutMs: 60_000,
    expectedVersion,
  });
  try {
    const out = await t.supervisor.start();
    return out.ok
      ? pass(name, `${path.relative(resources, command.file)} (pid ${out.pid}): ${JSON.stringify(out.ready)}`)
      : fail(name, `${out.failure.code}: ${out.failure.message}`);
  } finally {
    await t.stop();
    await t.supervisor.stop();
    fs.rmSync(logsDir, { recursive: true, force: true });
  }
}

/** Bytes of every file under `dir`. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  return total;
}

/** In the client-only build, a config asking for the built-in backend is refused with a message. */
export async function checkClientRefusesEmbedded(
  resources: string,
  exampleConfig: string,
): Promise<CheckResult> {
  const name = 'a config with backend.embedded: true gets the "no built-in backend" message';
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-package-check-'));
  const app = createMainApp({
    userDataDir,
    adminDir: null,
    env: { MEETING_ASSISTANT_CONFIG: exampleConfig },
    emit: () => undefined,
    packaged: true,
    resourcesPath: resources,
    secretStore: noSecrets,
    buildInfo: { backendBundled: false },
  });
  try {
    const state = await app.start();
    const problem =
      state.screen === 'invalid-config'
        ? state.problems.find((p) => p.path === 'backend.embedded')
        : undefined;
    return problem
      ? pass(name, `${state.screen}: backend.embedded ${problem.message}`)
      : fail(
          name,
          `expected invalid-config naming backend.embedded, got ${JSON.stringify(state).slice(0, 300)}`,
        );
  } finally {
    await app.stop();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
