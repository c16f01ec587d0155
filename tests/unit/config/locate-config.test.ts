import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configCandidates, defaultUserDataDir, locateConfig } from '../../../electron/main/config';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();

function setup(files: { env?: string; user?: string; admin?: string }) {
  const root = tempDir();
  const userDataDir = path.join(root, 'user');
  const adminDir = path.join(root, 'admin');
  mkdirSync(userDataDir);
  mkdirSync(adminDir);
  const envFile = path.join(root, 'from-env.json');
  if (files.env !== undefined) writeFileSync(envFile, files.env);
  if (files.user !== undefined) writeFileSync(path.join(userDataDir, 'config.json'), files.user);
  if (files.admin !== undefined) writeFileSync(path.join(adminDir, 'config.json'), files.admin);
  return { envFile, userDataDir, adminDir };
}

describe('locateConfig', () => {
  it('prefers MEETING_ASSISTANT_CONFIG, then the user file, then the admin file', async () => {
    const { envFile, userDataDir, adminDir } = setup({ env: '{}', user: '{}', admin: '{}' });
    const env = { MEETING_ASSISTANT_CONFIG: envFile };
    expect(await locateConfig({ env, userDataDir, adminDir })).toMatchObject({
      source: 'env',
      path: envFile,
      result: { status: 'ok' },
    });
    expect(await locateConfig({ env: {}, userDataDir, adminDir })).toMatchObject({
      source: 'user',
      path: path.join(userDataDir, 'config.json'),
    });
  });

  it('falls back to the admin file when the user has none', async () => {
    const { userDataDir, adminDir } = setup({ admin: '{}' });
    expect(await locateConfig({ env: {}, userDataDir, adminDir })).toMatchObject({
      source: 'admin',
      path: path.join(adminDir, 'config.json'),
    });
  });

  it('returns null when there is no file anywhere', async () => {
    const { userDataDir, adminDir } = setup({});
    expect(await locateConfig({ env: {}, userDataDir, adminDir })).toBeNull();
  });

  it('an invalid user file is still the hit, so its problems are shown rather than hidden', async () => {
    const { userDataDir, adminDir } = setup({ user: '{ bad', admin: '{}' });
    expect(await locateConfig({ env: {}, userDataDir, adminDir })).toMatchObject({
      source: 'user',
      result: { status: 'invalid' },
    });
  });

  it('an explicit MEETING_ASSISTANT_CONFIG that does not exist is reported, not skipped', async () => {
    const { envFile, userDataDir } = setup({ user: '{}' });
    expect(await locateConfig({ env: { MEETING_ASSISTANT_CONFIG: envFile }, userDataDir })).toEqual({
      source: 'env',
      path: envFile,
      result: { status: 'missing' },
    });
  });

  it('ignores an empty MEETING_ASSISTANT_CONFIG', () => {
    expect(
      configCandidates({ env: { MEETING_ASSISTANT_CONFIG: ' ' }, userDataDir: '/u' }).map((c) => c.source),
    ).toEqual(['user']);
  });
});

describe('defaultUserDataDir', () => {
  it('matches Electron userData on each OS', () => {
    expect(
      defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann'),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\Meeting Assistant');
    expect(defaultUserDataDir('darwin', {}, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Meeting Assistant',
    );
    expect(defaultUserDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Meeting Assistant');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe(
      '/cfg/Meeting Assistant',
    );
  });
});
