// The backend's CORS list comes from main (issue 9, §5): the app's own origin, and the dev server
// only in development. Through createMainApp and the real backend sidecar (setup mode).
import { afterEach, describe, expect, it } from 'vitest';
import { createMainApp, type MainApp } from '../../../electron/main/app';
import { decideRendererSource } from '../../../electron/main/renderer-source';
import { recorder, tempDir, waitUntil } from './helpers';

const DEV = 'http://localhost:5173/';
const apps: MainApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

async function backendFor(packaged: boolean): Promise<string> {
  const source = decideRendererSource({ packaged, env: { VITE_DEV_SERVER_URL: DEV } });
  const app = createMainApp({
    userDataDir: tempDir('ma-cors-'),
    adminDir: null,
    env: {},
    emit: recorder().emit,
    appOrigin: source.appOrigin,
    corsOrigins: source.corsOrigins,
    gate: { attempts: 40, intervalMs: 250 },
  });
  apps.push(app);
  expect((await app.start()).screen).toBe('wizard');
  await waitUntil(() => app.controller.backendSupervisor.ready !== null, 30_000);
  return `http://127.0.0.1:${app.controller.backendSupervisor.ready?.port}/api/health`;
}

/** The origin a CORS preflight from `origin` is allowed for, or null. */
async function preflight(url: string, origin: string): Promise<string | null> {
  const res = await fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'GET' },
  });
  return res.headers.get('access-control-allow-origin');
}

describe('backend CORS list from main', () => {
  it('packaged: only app://meeting-assistant; the dev server and file:// pages are not allowed', async () => {
    const url = await backendFor(true);
    expect(await preflight(url, 'app://meeting-assistant')).toBe('app://meeting-assistant');
    expect(await preflight(url, 'http://localhost:5173')).toBeNull();
    expect(await preflight(url, 'http://127.0.0.1:5173')).toBeNull();
    expect(await preflight(url, 'file://')).toBeNull();
  });

  it('development: the dev server too', async () => {
    const url = await backendFor(false);
    expect(await preflight(url, 'app://meeting-assistant')).toBe('app://meeting-assistant');
    expect(await preflight(url, 'http://localhost:5173')).toBe('http://localhost:5173');
  });
});
