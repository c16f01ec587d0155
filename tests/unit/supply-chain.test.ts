// What the install steps may run and fetch: npm runs no package's install script except keytar's,
// built by name; every Python package is pinned with hashes, and setup.sh refuses anything else.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('npm install scripts', () => {
  it('are off for every package, through npm itself (allowScripts is not an npm setting)', () => {
    const pkg = JSON.parse(read('package.json')) as Record<string, unknown>;
    expect(pkg).not.toHaveProperty('allowScripts');
    const npm = spawnSync('npm', ['config', 'get', 'ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      shell: process.platform === 'win32',
      env: { ...process.env, npm_config_ignore_scripts: undefined },
    });
    expect(npm.stdout.trim()).toBe('true');
  });

  it("run keytar's build only, by name, when its native module is rebuilt", () => {
    const source = read('electron/cli/rebuild-native.ts');
    const rebuilds = source.match(/'rebuild',\s*'keytar',\s*\.\.\.RUN_ITS_SCRIPT/g) ?? [];
    expect(rebuilds).toHaveLength(2); // for Node and for Electron
    expect(source).toContain("const RUN_ITS_SCRIPT = ['--ignore-scripts=false'];");
  });
});

describe('Python dependencies', () => {
  const lock = read('sidecars/requirements.lock');
  // One entry per requirement: the pin line and its continuation lines.
  const entries = lock
    .split(/\n(?=[A-Za-z0-9])/)
    .map((e) => e.trim())
    .filter((e) => e && !e.startsWith('#'));

  it('are each pinned to one version with at least one sha256 hash', () => {
    expect(entries.length).toBeGreaterThan(40);
    for (const entry of entries) {
      expect(entry, entry.split('\n')[0]).toMatch(/^[A-Za-z0-9_.-]+==[^\s;\\]+/);
      expect(entry, entry.split('\n')[0]).toMatch(/--hash=sha256:[0-9a-f]{64}/);
    }
  });

  it('cover Windows as well (the lock is universal, not frozen on one machine)', () => {
    const names = entries.map((e) => e.split('==')[0]!.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['colorama', 'pefile', 'pywin32-ctypes']));
  });

  it('are installed with --require-hashes', () => {
    const setup = read('sidecars/setup.sh').replace(/\\\n\s*/g, ' '); // join continued lines
    const install = setup.split('\n').find((line) => line.includes('pip install')) ?? '';
    expect(install).toContain('--require-hashes');
    expect(install).toContain('-r requirements.lock');
  });
});
