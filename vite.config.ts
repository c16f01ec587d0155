// One Vite config for the three Electron targets:
//   renderer/  -> dist/renderer   (the Vue app)
//   electron/main/index.ts    -> dist-electron/main    (Node, ESM)
//   electron/preload/index.ts -> dist-electron/preload (sandboxed preload: one CommonJS file)
// plus the vitest projects (unit, integration, e2e).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import electron from 'vite-plugin-electron/simple';
import { builtinModules } from 'node:module';
import pkg from './package.json' with { type: 'json' };

const root = fileURLToPath(new URL('.', import.meta.url));
const isTest = process.env.VITEST !== undefined;
// Main-process code loads native and Node modules at run time from node_modules (keytar is a
// native addon); never bundle them.
const nodeExternals = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
];

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  plugins: [
    vue(),
    // The Electron build is skipped under vitest and in `vite preview` (e2e serves the renderer only).
    isTest || process.env.MA_RENDERER_ONLY === '1'
      ? null
      : electron({
          main: {
            entry: fileURLToPath(new URL('electron/main/index.ts', import.meta.url)),
            vite: {
              build: {
                outDir: fileURLToPath(new URL('dist-electron/main', import.meta.url)),
                rolldownOptions: { external: nodeExternals },
              },
            },
          },
          preload: {
            input: fileURLToPath(new URL('electron/preload/index.ts', import.meta.url)),
            vite: {
              build: {
                outDir: fileURLToPath(new URL('dist-electron/preload', import.meta.url)),
                // Sandboxed preloads must be CommonJS; the package is "type": "module", so say .cjs.
                rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
              },
            },
          },
        }),
  ],
  build: {
    outDir: fileURLToPath(new URL('dist/renderer', import.meta.url)),
    emptyOutDir: true,
  },
  test: {
    root,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root,
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root,
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root,
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
