// Lint rules that keep the project's hand-kept rules honest (run by `npm test` and `npm run lint`).
// - src/ is deterministic: no clocks, timers or randomness (one seeded PRNG and one virtual clock are injected).
// - src/ does no I/O, except the two file adapters listed below; the CLI and bench in tools/ may do both.
// - No line over 120 columns anywhere.
// - No indexing of the in-flight admin command list by cid.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Modules that touch the file system, the OS, other processes or the network.
const IO_MODULES = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'net', 'http', 'https',
  'dgram', 'dns', 'tls', 'cluster'];
// Modules that read a clock, schedule on real time or draw randomness.
const NONDETERMINISTIC_MODULES = ['crypto', 'perf_hooks', 'timers', 'timers/promises'];

const restrict = (names, why) =>
  names.flatMap((name) => [`node:${name}`, name].map((n) => ({ name: n, message: why })));

const IO_IMPORTS = restrict(IO_MODULES, 'I/O belongs in tools/ or a file adapter (src/trace/file.ts, '
  + 'src/scenario/file.ts); src/ logic stays pure.');
const ADAPTER_IMPORTS = IO_IMPORTS.filter((r) => !/^(node:)?(fs|fs\/promises|path)$/.test(r.name));
const NONDETERMINISTIC_IMPORTS = restrict(NONDETERMINISTIC_MODULES,
  'src/ must be deterministic: use the injected PRNG and virtual clock.');

const DETERMINISM = 'src/ must be deterministic: use the injected PRNG and virtual clock.';
const NONDETERMINISTIC_GLOBALS = ['Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate',
  'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'crypto']
  .map((name) => ({ name, message: DETERMINISM }));
const NONDETERMINISTIC_PROPERTIES = [
  ['Math', 'random'], ['Date', 'now'], ['performance', 'now'], ['crypto', 'getRandomValues'],
  ['crypto', 'randomUUID'], ['globalThis', 'Date'], ['globalThis', 'performance'], ['globalThis', 'crypto'],
  ['globalThis', 'setTimeout'], ['globalThis', 'setInterval'], ['globalThis', 'setImmediate'],
  ['globalThis', 'queueMicrotask'], ['globalThis', 'process'],
].map(([object, property]) => ({ object, property, message: DETERMINISM }));
const PROCESS_GLOBAL = { name: 'process',
  message: 'src/ reads no environment, argv or stdio: that is the CLI\'s job.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'traces/**', 'out/**', '.vtwin-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        // Node globals the tools and tests use (src/ is restricted further below).
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        setImmediate: 'readonly', queueMicrotask: 'readonly', performance: 'readonly', globalThis: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true }],
      // `aq.commands` is a list ordered by cid, not keyed by it: `s.aq.commands[cid]` would compile
      // and quietly read the wrong command (README "Working on the twin (conventions)").
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[computed=true][object.type='MemberExpression'][object.property.name='commands']"
          + "[object.object.type='MemberExpression'][object.object.property.name='aq']",
        message: 'aq.commands is a list ordered by cid: find a command with aqCommand(aq, cid) '
          + '(src/domain/adminq/inflight.ts); users\' cid-keyed view is stateView(s).',
      }],
      // Unused names are already errors in tsc (noUnusedLocals/noUnusedParameters); an `_` prefix marks
      // a parameter kept for a callback's shape.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none',
      }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...IO_IMPORTS, ...NONDETERMINISTIC_IMPORTS] }],
      'no-restricted-globals': ['error', ...NONDETERMINISTIC_GLOBALS, PROCESS_GLOBAL],
      'no-restricted-properties': ['error', ...NONDETERMINISTIC_PROPERTIES],
    },
  },
  {
    // The file adapters: the only src/ modules that read or write files. They get the file system and
    // path helpers, nothing else (no processes, network, clocks or randomness).
    files: ['src/trace/file.ts', 'src/scenario/file.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...ADAPTER_IMPORTS, ...NONDETERMINISTIC_IMPORTS] }],
    },
  },
  {
    // The bin shim is CommonJS (it must run before anything is built and load the bundled CLI).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
