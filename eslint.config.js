// ESLint flat config: TypeScript everywhere, Vue SFCs must use lang="ts", Prettier last.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-electron/**',
      'release/**',
      'node_modules/**',
      'sidecars/**',
      'tests/e2e/artifacts/**',
      'coverage/**',
      // Generated from docs/api/openapi.json (npm run api:generate): the generator's formatting.
      'electron/contract/api/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: { 'vue/block-lang': ['error', { script: { lang: 'ts' } }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Import electron only at the edge (electron/main/index.ts, window.ts, electron-protocol.ts, ipc/register.ts, preload).',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/main/index.ts',
      'electron/main/window.ts',
      'electron/main/electron-protocol.ts',
      'electron/main/ipc/register.ts',
      'electron/preload/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  prettier,
);
