#!/usr/bin/env node
// The `vtwin` bin. Plain CommonJS that exists before the build, so npm can link it at install time.
//
// It runs dist/cli/vtwin.cjs, the whole CLI bundled into one file by `npm run build`, with the V8
// code cache the build saved for it (tools/cliBundle.ts says why). Without a bundle (not built
// yet, or a tsc-only build) it falls back to the modules of dist/tools/vtwin.js: same behaviour,
// slower start. So does a bundle older than dist/tools/vtwin.js (tsc ran again since `npm run build`).
'use strict';
// The heap setting of tools/heap.ts (same flag, tested), applied here rather than by the CLI's
// modules because V8 stamps a code cache with its flags: set after the bundle was compiled, it
// would make the cache saved by the build's warm-up run mismatch every later start.
require('node:v8').setFlagsFromString('--semi-space-growth-factor=16');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const dir = path.join(__dirname, '..', 'dist', 'cli');
const file = path.join(dir, 'vtwin.cjs');

function fallback() {
  import('../dist/tools/vtwin.js').catch((e) => {
    process.stderr.write(`vtwin: cannot load the built CLI (${e.message}); run \`npm run build\` first\n`);
    process.exitCode = 2;
  });
}

function readOrNull(f, encoding) {
  try {
    return fs.readFileSync(f, encoding);
  } catch {
    return null;
  }
}

function runBundle(source) {
  // The cache is named after the id the build appended to the bundle: V8 checks only the source's
  // length, so a cache is only ever paired with the exact bundle it was made from.
  const id = /\/\/ vtwin-bundle ([0-9a-f]+)\n$/.exec(source.slice(-64));
  const cacheFile = id ? path.join(dir, `vtwin-${id[1]}.cache`) : null;
  const cachedData = cacheFile ? readOrNull(cacheFile) ?? undefined : undefined;
  // A `#!` line is not JavaScript inside the module wrapper: keep it as a comment (same line numbers).
  const body = source.startsWith('#!') ? `//${source}` : source;
  const script = new vm.Script(Module.wrap(body), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const out = process.env.VTWIN_CODE_CACHE_OUT;
  // The build's warm-up run saves the cache when the command is done: it then holds the code of
  // every function the command compiled, not only the top level.
  if (out) process.on('exit', () => fs.writeFileSync(out, script.createCachedData()));
  if (process.env.VTWIN_CODE_CACHE_REPORT) {
    const verdict = () => (cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted');
    process.on('exit', () => process.stderr.write(`vtwin code cache: ${verdict()}\n`));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dir);
}

/** The bundle was built after the modules it was made from: a later tsc-only build makes it stale. */
function bundleIsCurrent() {
  try {
    return fs.statSync(file).mtimeMs >= fs.statSync(path.join(__dirname, '..', 'dist', 'tools', 'vtwin.js')).mtimeMs;
  } catch {
    return false;
  }
}

// ASCII only (the build checks), so latin1 reads it byte for byte without decoding UTF-8.
const source = bundleIsCurrent() ? readOrNull(file, 'latin1') : null;
if (source === null) fallback();
else runBundle(source);
