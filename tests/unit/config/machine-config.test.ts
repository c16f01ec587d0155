// The machine-wide administrator's folder in the lookup order, and where it is on each OS.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configCandidates, locateConfig, machineConfigDir } from '../../../electron/main/config';
import { useTempDir } from './tmp-dir';

const tempDir = useTempDir();

function folders(files: { user?: boolean; machine?: boolean; admin?: boolean }) {
  const root = tempDir();
  const dirs = {
    userDataDir: path.join(root, 'user'),
    machineDir: path.join(root, 'machine'),
    adminDir: path.join(root, 'beside-exe'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d);
  if (files.user) writeFileSync(path.join(dirs.userDataDir, 'config.json'), '{}');
  if (files.machine) writeFileSync(path.join(dirs.machineDir, 'config.json'), '{}');
  if (files.admin) writeFileSync(path.join(dirs.adminDir, 'config.json'), '{}');
  return dirs;
}

describe('lookup order with the machine-wide file', () => {
  it('lists env, user, machine-wide, then beside the executable', () => {
    const candidates = configCandidates({
      env: { MEETING_ASSISTANT_CONFIG: '/x/c.json' },
      userDataDir: '/u',
      machineDir: '/etc/meeting-assistant',
      adminDir: '/opt/app',
    });
    expect(candidates).toEqual([
      { source: 'env', path: path.resolve('/x/c.json') },
      { source: 'user', path: path.join('/u', 'config.json') },
      { source: 'machine', path: path.join('/etc/meeting-assistant', 'config.json') },
      { source: 'admin', path: path.join('/opt/app', 'config.json') },
    ]);
  });

  it('the user file wins over the machine-wide one', async () => {
    const dirs = folders({ user: true, machine: true, admin: true });
    expect((await locateConfig({ env: {}, ...dirs }))?.source).toBe('user');
  });

  it('the machine-wide file wins over the one beside the executable', async () => {
    const dirs = folders({ machine: true, admin: true });
    expect(await locateConfig({ env: {}, ...dirs })).toMatchObject({
      source: 'machine',
      path: path.join(dirs.machineDir, 'config.json'),
    });
  });

  it('falls through to the file beside the executable when there is no machine-wide file', async () => {
    const dirs = folders({ admin: true });
    expect((await locateConfig({ env: {}, ...dirs }))?.source).toBe('admin');
  });
});

describe('machineConfigDir', () => {
  it('is %ProgramData%, /etc or /Library per OS', () => {
    expect(machineConfigDir('win32', { ProgramData: 'D:\\PD' })).toBe('D:\\PD\\Meeting Assistant');
    expect(machineConfigDir('win32', {})).toBe('C:\\ProgramData\\Meeting Assistant');
    expect(machineConfigDir('linux', {})).toBe('/etc/meeting-assistant');
    expect(machineConfigDir('darwin', {})).toBe('/Library/Application Support/Meeting Assistant');
  });
});
