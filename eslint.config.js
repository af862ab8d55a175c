import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Imports a layer must not make; see ARCHITECTURE.md (imports only point down). */
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url', 'util']
const restrict = (patterns) => ['error', { patterns }]
const NO_ENUMS = { selector: 'TSEnumDeclaration', message: 'Use a const object with a type alias, not an enum.' }

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'drizzle/**',
      'examples/switchboard-api.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', NO_ENUMS],
    },
  },
  {
    // Shared code runs anywhere: only zod and the contract builder, no platform.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: NODE_BUILTINS, message: 'src/shared runs in every runtime: no Node built-ins.' },
        {
          group: ['electron', '@orpc/server*', 'better-sqlite3', 'drizzle-orm*', 'react*', '@mantine/*'],
          message: 'src/shared imports only zod and @orpc/contract.',
        },
        { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared must not import from a host layer.' },
      ]),
    },
  },
  {
    // The backend runs under plain Node: no Electron, no renderer.
    files: ['src/main/**/*.ts'],
    ignores: [
      'src/main/index.ts',
      'src/main/window.ts',
      'src/main/menu.ts',
      'src/main/ipc.ts',
      'src/main/updater.ts',
      'src/main/credentials.ts',
    ],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['electron', 'electron-updater'],
          message: 'Only the Electron glue files (index, window, menu, ipc, updater, credentials) may import Electron.',
        },
        { group: ['**/renderer/**', '**/preload/**'], message: 'The backend must not import the renderer or preload.' },
      ]),
    },
  },
  {
    // Electron checklist: every IPC listener sits in src/main/ipc.ts, where each one checks its sender.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['src/main/ipc.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['handle', 'handleOnce', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener'].map((property) => ({
          object: 'ipcMain',
          property,
          message: 'Listen on ipcMain only in src/main/ipc.ts, with the sender check.',
        })),
      ],
    },
  },
  {
    // Issue 9, backend: who may do what is written once, in src/shared (access.ts, Role); the backend
    // names roles through those, never as string literals. Repeats the enum ban: a later block's
    // no-restricted-syntax replaces an earlier one's.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a const object with a type alias, not an enum.' },
        {
          selector: 'Literal[value=/^(SUPER_ADMIN|ADMIN|AGENT|READ_ONLY)$/]',
          message: 'Name roles through Role and the rules of src/shared/access.ts, not as string literals.',
        },
      ],
    },
  },
  // Features are the backend's rules and data; the hosts (rpc assembly, http, cli, composition root)
  // are built on them, never the other way round. SQL lives in repositories: only *.repository.ts
  // imports drizzle or the schema's tables (types aside). Repeats the backend's import bans, which
  // these blocks replace.
  ...(() => {
    const bans = [
      {
        group: ['electron', 'electron-updater'],
        message: 'Only the Electron glue files (index, window, menu, ipc, updater, credentials) may import Electron.',
      },
      { group: ['**/renderer/**', '**/preload/**'], message: 'The backend must not import the renderer or preload.' },
      {
        group: ['**/rpc/router', '**/rpc/port-server', '**/http/**', '**/cli/**', '**/services', '**/backend'],
        message: 'features/ must not import the host layer (rpc assembly, http, cli, the composition root).',
      },
    ]
    const sql = {
      group: ['drizzle-orm', 'drizzle-orm/*', '**/db/schema', '**/db/query'],
      allowTypeImports: true,
      message: 'SQL lives in the repository that owns the table: call it.',
    }
    return [
      {
        // A repository's dialect siblings (*.sqlite.ts, *.pg.ts) are part of it.
        files: ['src/main/features/**/*.repository.ts', 'src/main/features/**/*.sqlite.ts', 'src/main/features/**/*.pg.ts'],
        rules: { 'no-restricted-imports': restrict(bans) },
      },
      {
        files: ['src/main/features/**/*.ts', 'src/main/mail/**/*.ts', 'src/main/licence/**/*.ts'],
        ignores: ['**/*.repository.ts', '**/*.sqlite.ts', '**/*.pg.ts', '**/*.test.ts'],
        rules: { 'no-restricted-imports': restrict([...bans, sql]) },
      },
    ]
  })(),
  {
    // Services are asynchronous (issue 19): a call left unawaited would let a transaction end, or an
    // error vanish, before its work is done.
    files: ['src/main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([
        { group: NODE_BUILTINS, message: 'The sandboxed preload has no Node built-ins.' },
        { group: ['**/main/**', '**/renderer/**'], message: 'The preload may import only shared types.' },
      ]),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([
        {
          group: [...NODE_BUILTINS, 'electron', 'electron-updater', 'better-sqlite3', 'drizzle-orm*', '@orpc/server*'],
          message: 'The renderer runs in the browser: no Node, Electron or backend packages.',
        },
        {
          group: ['**/main/**', '**/preload/index', '**/preload/index.ts'],
          message: 'The renderer may import only src/shared (and the preload type declaration).',
        },
      ]),
      // Who may do what is written once, in src/shared/access.ts; the renderer names roles through `Role`.
      // (A later block's rule replaces an earlier one's, so the enum rule is repeated here.)
      'no-restricted-syntax': [
        'error',
        NO_ENUMS,
        {
          selector: 'Literal[value=/^(SUPER_ADMIN|ADMIN|AGENT|READ_ONLY)$/]',
          message: 'Use Role and the rules in src/shared/access.ts instead of a role string.',
        },
      ],
    },
  },
)
