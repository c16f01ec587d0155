// Launch bench (main process): prints medians of RUNS runs, asserts nothing about time.
//  - Gate overhead: from the backend's first 200 on /api/health (seen by an observer polling every
//    5 ms from spawn) to the health gate resolving, beside what a fixed 1 s poll (first check one
//    tick after `listening`) would give on the same runs.
//  - Cold launch: createMainApp(...).start() -> 'ready' with the real backend (normal mode with
//    the harness's MariaDB and keychain when available; otherwise the wizard's setup-mode backend).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SECRET_FIELDS } from '../../electron/contract/config';
import type { BackendEvent, ListeningEvent } from '../../electron/contract/sidecar';
import { createMainApp } from '../../electron/main/app';
import { backendSpec } from '../../electron/main/sidecar/backend-spec';
import { resolveSidecarCommand } from '../../electron/main/sidecar/command';
import { Supervisor } from '../../electron/main/sidecar/supervisor';
import { createSecretStore } from '../../electron/main/secrets';
import { median } from './stats';
import { freePort } from '../support/free-port';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = 5;
const TOKEN = 'bench-launch-token-0123456789';

const ms = (x: number) => `${x.toFixed(1)} ms`;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ma-bench-'));

interface GateRun {
  listening: number;
  firstOk: number;
  gateDone: number;
}

async function gateRun(): Promise<GateRun> {
  const port = await freePort();
  let listening = 0;
  let gateDone = 0;
  let firstOk = 0;
  const sup = new Supervisor<BackendEvent, ListeningEvent>(
    backendSpec({
      command: () => resolveSidecarCommand({ name: 'backend', packaged: false, repoRoot: ROOT }),
      settings: async () => ({
        line: { embedded: true, host: '127.0.0.1', port, launchToken: TOKEN },
        secrets: [TOKEN],
      }),
      gate: () => {
        listening = performance.now();
        return { attempts: 30, intervalMs: 1000 };
      },
      onGate: () => (gateDone = performance.now()),
    }),
    { emit: () => {}, logsDir: tmp() },
  );
  // The observer: when did the backend first answer 200?
  let observing = true;
  const observer = (async () => {
    while (observing && firstOk === 0) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
      if (res?.status === 200) firstOk = performance.now();
      else await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const out = await sup.start();
  await new Promise((r) => setTimeout(r, 50));
  observing = false;
  await observer;
  await sup.stop();
  if (!out.ok) throw new Error(`backend did not start: ${out.failure.code}: ${out.failure.message}`);
  return { listening, firstOk: firstOk || gateDone, gateDone };
}

async function coldLaunchRun(withServices: boolean): Promise<{ ms: number; screen: string }> {
  const userDataDir = tmp();
  const secrets = createSecretStore();
  if (withServices) {
    const port = await freePort();
    fs.writeFileSync(
      path.join(userDataDir, 'config.json'),
      JSON.stringify({
        version: 1,
        backend: {
          embedded: true,
          host: '127.0.0.1',
          port,
          database: {
            host: '127.0.0.1',
            port: Number(process.env.MA_TEST_DB_PORT),
            user: 'ma_bench_launch',
            database: 'ma_bench_launch',
          },
          externalApis: { authApiUrl: 'http://127.0.0.1:9/auth', difyApiUrl: 'http://127.0.0.1:9/v1' },
          auth: { adminEmail: 'admin@example.com' },
        },
      }),
    );
  }
  const app = createMainApp({ userDataDir, adminDir: null, env: {}, emit: () => {}, secretStore: secrets });
  const t0 = performance.now();
  const state = await app.start();
  let readyAt = performance.now();
  if (state.screen === 'wizard') {
    // Setup mode: "ready" is the setup-mode backend answering (what setup:testDatabase waits for).
    while (!app.controller.backendSupervisor.ready) await new Promise((r) => setTimeout(r, 2));
    readyAt = performance.now();
  }
  await app.stop();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  return { ms: readyAt - t0, screen: state.screen };
}

async function prepareServices(): Promise<boolean> {
  if (!process.env.MA_TEST_DB_SOCKET || !process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ socketPath: process.env.MA_TEST_DB_SOCKET, user: 'root' });
  const password = 'bench-launch-pw';
  await conn.query('CREATE DATABASE IF NOT EXISTS ma_bench_launch');
  for (const h of ['127.0.0.1', 'localhost']) {
    await conn.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', ['ma_bench_launch', h, password]);
    await conn.query('GRANT ALL ON ma_bench_launch.* TO ?@?', ['ma_bench_launch', h]);
  }
  await conn.end();
  const secrets = createSecretStore();
  await secrets.set('backend.database.password', password);
  await secrets.set('backend.externalApis.difyApiKey', 'app-bench-key');
  await secrets.set('backend.auth.jwtSecret', 'bench-jwt-secret-0123456789abcdefghijklmnop');
  return true;
}

async function cleanupSecrets(): Promise<void> {
  const secrets = createSecretStore();
  for (const f of SECRET_FIELDS) await secrets.delete(f).catch(() => undefined);
}

export async function runLaunchBench(): Promise<void> {
  const runs: GateRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await gateRun());
  const overhead = runs.map((r) => r.gateDone - r.firstOk);
  // A fixed 1 s poll checks at listening + 1 s, + 2 s, ...: the first tick at or after the first 200.
  const fixed = runs.map((r) => {
    const ticks = Math.max(1, Math.ceil((r.firstOk - r.listening) / 1000));
    return r.listening + ticks * 1000 - r.firstOk;
  });
  console.log(`gate overhead (first 200 -> gate resolved), median of ${RUNS}: ${ms(median(overhead))}`);
  console.log(`  a fixed 1 s poll on the same runs would add:         ${ms(median(fixed))}`);
  console.log(
    `  ratio fixed poll / health gate:                      ${(median(fixed) / Math.max(median(overhead), 0.1)).toFixed(0)}x`,
  );
  console.log(
    `  listening -> first 200 (backend side), median:       ${ms(median(runs.map((r) => r.firstOk - r.listening)))}`,
  );

  const withServices = await prepareServices().catch((e: unknown) => {
    console.log(
      `(services unavailable, cold launch measured in setup mode: ${e instanceof Error ? e.message : String(e)})`,
    );
    return false;
  });
  try {
    const cold: number[] = [];
    let screen = '';
    for (let i = 0; i < RUNS; i++) {
      const r = await coldLaunchRun(withServices);
      cold.push(r.ms);
      screen = r.screen;
    }
    console.log(
      `cold launch (createMainApp.start -> ${screen === 'ready' ? 'ready, normal mode with MariaDB' : `${screen}, setup-mode backend up`}), median of ${RUNS}: ${ms(median(cold))}`,
    );
  } finally {
    if (withServices) await cleanupSecrets();
  }
}
