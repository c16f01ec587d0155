// The launch decision tree with real files in temp folders and the real keychain (harness).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FIELDS } from '../../../electron/contract/config';
import { createConfigCore } from '../../../electron/main/launch/config-port';
import { decideLaunch } from '../../../electron/main/launch/decide';
import { createSecretStore } from '../../../electron/main/secrets';
import { allFilesText, embeddedConfig, SECRET_VALUES, tempDir, writeJson } from './helpers';

const secrets = createSecretStore();
const db = { host: '127.0.0.1', port: 3306, user: 'meetings', database: 'meetings' };

let userDataDir: string;
let adminDir: string;
const core = (env: Record<string, string> = {}) => createConfigCore({ env, userDataDir, adminDir });

beforeEach(async () => {
  userDataDir = tempDir('ma-user-');
  adminDir = tempDir('ma-admin-');
  for (const f of SECRET_FIELDS) await secrets.delete(f);
});

async function storeAllSecrets(): Promise<void> {
  for (const f of SECRET_FIELDS) await secrets.set(f, SECRET_VALUES[f]);
}

describe('launch decision', () => {
  it('1. user config valid, secrets in the keychain: launch', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db));
    await storeAllSecrets();
    const d = await decideLaunch(core(), secrets);
    expect(d).toMatchObject({
      kind: 'launch',
      source: { kind: 'user', path: path.join(userDataDir, 'config.json') },
    });
  });

  it('1b. user config valid but a required secret missing: wizard asks for it, pre-filled', async () => {
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db));
    await secrets.set('backend.auth.jwtSecret', SECRET_VALUES['backend.auth.jwtSecret']);
    const d = await decideLaunch(core(), secrets);
    expect(d).toMatchObject({
      kind: 'wizard',
      secretsStored: ['backend.auth.jwtSecret'],
      problems: [{ path: 'backend.externalApis.difyApiKey' }],
    });
    if (d.kind === 'wizard')
      expect(d.prefill).toMatchObject({ backend: { database: { host: '127.0.0.1', user: 'meetings' } } });
  });

  it('2. administrator file complete: secrets to the keychain, user config written without them, admin file untouched', async () => {
    const adminFile = path.join(adminDir, 'config.json');
    writeJson(adminFile, embeddedConfig(db, { withSecrets: true }));
    const before = fs.readFileSync(adminFile);
    const d = await decideLaunch(core(), secrets);
    expect(d).toMatchObject({ kind: 'launch', migratedFromAdmin: true, source: { kind: 'user' } });
    expect(fs.readFileSync(adminFile).equals(before)).toBe(true);
    const userText = fs.readFileSync(path.join(userDataDir, 'config.json'), 'utf8');
    expect(JSON.parse(userText)).toMatchObject({
      backend: { embedded: true, database: { host: '127.0.0.1' } },
    });
    for (const f of SECRET_FIELDS) {
      expect(userText).not.toContain(SECRET_VALUES[f]);
      expect(await secrets.get(f)).toBe(SECRET_VALUES[f]);
    }
    // The real Secret Service holds it under service meeting-assistant, account = dotted path.
    const viaTool = execFileSync(
      'secret-tool',
      ['lookup', 'service', 'meeting-assistant', 'account', 'backend.auth.jwtSecret'],
      {
        encoding: 'utf8',
      },
    );
    expect(viaTool).toBe(SECRET_VALUES['backend.auth.jwtSecret']);
    expect(allFilesText(userDataDir)).not.toContain(SECRET_VALUES['backend.database.password']);
  });

  it('3. administrator file incomplete: wizard pre-filled from it, admin file untouched', async () => {
    const adminFile = path.join(adminDir, 'config.json');
    const incomplete = embeddedConfig({ ...db, host: '' }, { withSecrets: true });
    writeJson(adminFile, incomplete);
    const before = fs.readFileSync(adminFile);
    const d = await decideLaunch(core(), secrets);
    expect(d).toMatchObject({
      kind: 'wizard',
      source: { kind: 'admin', path: adminFile },
      targetPath: path.join(userDataDir, 'config.json'),
    });
    if (d.kind === 'wizard') {
      expect(d.prefill).toMatchObject({
        backend: { database: { user: 'meetings' }, auth: { adminEmail: 'admin@example.com' } },
      });
      expect(JSON.stringify(d.prefill)).not.toContain(SECRET_VALUES['backend.auth.jwtSecret']);
      expect(d.problems.map((p) => p.path)).toContain('backend.database.host');
    }
    expect(fs.readFileSync(adminFile).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(userDataDir, 'config.json'))).toBe(false);
  });

  it('3b. no config at all: wizard with defaults, writing the user file', async () => {
    const d = await decideLaunch(core(), secrets);
    expect(d).toMatchObject({
      kind: 'wizard',
      source: { kind: 'none' },
      targetPath: path.join(userDataDir, 'config.json'),
    });
    if (d.kind === 'wizard') expect(d.prefill).toMatchObject({ backend: { embedded: true } });
  });

  it('3c. MEETING_ASSISTANT_CONFIG names a missing file: wizard writes that file', async () => {
    const target = path.join(tempDir(), 'chosen.json');
    const d = await decideLaunch(core({ MEETING_ASSISTANT_CONFIG: target }), secrets);
    expect(d).toMatchObject({ kind: 'wizard', source: { kind: 'env' }, targetPath: target });
  });

  it.each([
    ['a bad value', embeddedConfig({ ...db, port: 99999 }), 'backend.database.port'],
    ['broken JSON', '{ "backend": { "embedded": true, }', ''],
    ['a top level that is not an object', '[1, 2]', ''],
  ])(
    '4. user config with %s: every problem named, file never overwritten',
    async (_name, content, problemPath) => {
      const file = path.join(userDataDir, 'config.json');
      writeJson(file, content);
      const before = fs.readFileSync(file);
      const d = await decideLaunch(core(), secrets);
      expect(d.kind).toBe('invalid');
      if (d.kind === 'invalid') {
        expect(d.problems.map((p) => p.path)).toContain(problemPath);
        expect(d.source).toEqual({ kind: 'user', path: file });
      }
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    },
  );

  it('4b. an administrator file that is not JSON is invalid, not a wizard', async () => {
    writeJson(path.join(adminDir, 'config.json'), '{ nope');
    const d = await decideLaunch(core(), secrets);
    expect(d).toMatchObject({ kind: 'invalid', source: { kind: 'admin' } });
    if (d.kind === 'invalid') expect(d.problems[0]?.message).toMatch(/line 1, column/);
  });

  it('5. keychain unavailable: a plain explanation (and server mode still launches)', async () => {
    const broken = createSecretStore({
      loadKeytar: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
    });
    writeJson(path.join(userDataDir, 'config.json'), embeddedConfig(db));
    const d = await decideLaunch(core(), broken);
    expect(d).toMatchObject({ kind: 'keychain', failure: { code: 'keytar_load_failed' } });
    if (d.kind === 'keychain') expect(d.failure.message).toMatch(/plain file/);

    writeJson(path.join(userDataDir, 'config.json'), {
      version: 1,
      apiBaseUrl: 'https://meetings.example.com/api',
      backend: { embedded: false },
    });
    expect(await decideLaunch(core(), broken)).toMatchObject({ kind: 'launch' });
  });
});
