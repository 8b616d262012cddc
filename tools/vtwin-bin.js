#!/usr/bin/env node
// The `vtwin` bin: a plain-JS shim that exists before the build, so npm can link it at install
// time; `npm ci` then builds dist/ (the prepare script) and this forwards to the built CLI.
import('../dist/tools/vtwin.js').catch((e) => {
  process.stderr.write(`vtwin: cannot load the built CLI (${e.message}); run \`npm run build\` first\n`);
  process.exitCode = 2;
});
