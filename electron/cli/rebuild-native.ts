// Native modules (keytar) are compiled for one ABI at a time: Electron's for `npm start`, Node's
// for the tests, which run main-process code in plain Node. Usage: rebuild-native.ts electron|node
// The Electron build follows Electron's "Using Native Node Modules" guide (npm + node-gyp flags).
// .npmrc sets ignore-scripts (no package runs code at install); this is the one place where a
// package's install script runs, keytar's, on purpose and by name.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const target = process.argv[2];
const RUN_ITS_SCRIPT = ['--ignore-scripts=false'];
const npm = (args: string[]) =>
  spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

if (target === 'node') {
  try {
    require('keytar'); // already built for this Node: nothing to do
  } catch {
    process.exitCode = npm(['rebuild', 'keytar', ...RUN_ITS_SCRIPT]);
  }
} else if (target === 'electron') {
  const { version } = require('electron/package.json') as { version: string };
  process.exitCode = npm([
    'rebuild',
    'keytar',
    ...RUN_ITS_SCRIPT,
    '--runtime=electron',
    `--target=${version}`,
    '--disturl=https://electronjs.org/headers',
    '--build-from-source',
  ]);
} else {
  console.error('usage: rebuild-native.ts electron|node');
  process.exitCode = 2;
}
