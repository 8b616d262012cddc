#!/usr/bin/env node
import { main } from './cli.js';
import { processIo } from './io.js';

// `vtwin timeline big.vtrace | head`: a closed pipe ends the output quietly, not with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`vtwin: internal error: ${(e as Error).message}\n`);
    process.exitCode = 70;
  },
);
