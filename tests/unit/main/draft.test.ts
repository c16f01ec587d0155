import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDraftStore, stripDraftSecrets } from '../../../electron/main/launch/draft';

describe('wizard draft', () => {
  it('strips secret fields in nested and flat form, even when the renderer sent them', () => {
    const d = stripDraftSecrets({
      step: 'dify',
      savedAt: '2026-01-01T00:00:00Z',
      values: {
        backend: {
          database: { host: 'db', password: 'p1' },
          externalApis: { difyApiKey: 'k1', difyApiUrl: 'https://d/v1' },
          auth: { jwtSecret: 's1' },
        },
        'backend.externalApis.difySttApiKey': 'k2',
        secrets: { 'backend.auth.jwtSecret': 's2' },
      },
    });
    const text = JSON.stringify(d);
    for (const v of ['p1', 'k1', 'k2', 's1', 's2']) expect(text).not.toContain(`"${v}"`);
    expect(d.values).toMatchObject({
      backend: { database: { host: 'db' }, externalApis: { difyApiUrl: 'https://d/v1' } },
    });
  });

  it('saves, loads and clears; a damaged file is not offered', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-draft-'));
    const store = createDraftStore(dir);
    expect(await store.load()).toBeNull();
    await store.save({
      step: 'db',
      savedAt: 'now',
      values: { backend: { database: { host: 'h', password: 'x' } } },
    });
    expect(fs.readFileSync(store.path, 'utf8')).not.toContain('"x"');
    expect(await store.load()).toMatchObject({
      step: 'db',
      values: { backend: { database: { host: 'h' } } },
    });
    fs.writeFileSync(store.path, '{ broken');
    expect(await store.load()).toBeNull();
    await store.clear();
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')(
    'never writes through a file planted at a guessable temp name (the temp file is created exclusively)',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-draft-'));
      const store = createDraftStore(dir);
      const victim = path.join(dir, 'victim.txt');
      fs.writeFileSync(victim, 'keep me');
      // The name the draft used to write to: <file>.<pid>.tmp
      const planted = `${store.path}.${process.pid}.tmp`;
      fs.symlinkSync(victim, planted);
      await store.save({ step: 'db', savedAt: 'now', values: { backend: { database: { host: 'h' } } } });
      expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
      expect(fs.lstatSync(store.path).isFile()).toBe(true);
      expect(fs.lstatSync(planted).isSymbolicLink()).toBe(true);
      expect(fs.readdirSync(dir).sort()).toEqual(
        [path.basename(planted), 'victim.txt', 'wizard-draft.json'].sort(),
      );
    },
  );
});
