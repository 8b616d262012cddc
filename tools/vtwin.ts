#!/usr/bin/env node
import { main } from './cli.js';
import { processIo } from './io.js';

main(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`vtwin: internal error: ${(e as Error).message}\n`);
    process.exitCode = 70;
  },
);
