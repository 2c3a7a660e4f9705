import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import { builtinModules } from 'node:module'

// Import directions (DESIGN.md, STYLE.md 2.2): sim imports nothing outside sim; api is the wire
// contract only; the shell reaches the core only through sim/index.ts.
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Tests read JSON answers whose shape they assert; `any` there is the honest type.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts'],
    rules: restrict([
      {
        group: ['**/api/**', '**/server/**', '**/cli/**', '**/testing/**', '**/client/**'],
        message: 'sim/ is the pure core: it imports only sim/ and seedrandom.',
      },
      {
        group: [
          'node:*',
          'hono',
          'hono/*',
          '@hono/*',
          'socket.io',
          'prom-client',
          'zod',
          'fs',
          'net',
          'http',
        ],
        message: 'sim/ does no I/O and knows no wire format.',
      },
    ]),
  },
  {
    files: ['src/api/**/*.ts'],
    rules: restrict([
      {
        group: ['**/sim/**', '**/server/**', '**/cli/**'],
        message: 'api/ is the wire contract: zod and zod-to-openapi only.',
      },
    ]),
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts'],
    rules: restrict([
      {
        group: ['**/sim/*/**', '**/sim/!(index.js)'],
        message: 'The shell uses the core through sim/index.ts only.',
      },
      { group: ['**/cli/**', '**/client/**'], message: 'server/ does not depend on its callers.' },
    ]),
  },
  {
    // The client ships to other test suites: it knows the wire contract (api/), socket.io-client
    // and node, never the simulator or the server. Type-only imports of zod name schema types.
    files: ['src/client/**/*.ts'],
    ignores: ['src/client/**/*.test.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\./|\\.\\./api/|socket\\.io-client$|zod$|@hono/zod-openapi$|node:|(${builtinModules.join('|')})(/|$))`,
              message:
                'client/ imports only ../api/**, socket.io-client and node built-ins (not sim/, server/, cli/ or testing/).',
            },
            {
              group: ['zod', '@hono/zod-openapi'],
              allowTypeImports: true,
              message: 'client/ uses zod for types only; runtime schemas come from ../api.',
            },
          ],
        },
      ],
    },
  },
)
