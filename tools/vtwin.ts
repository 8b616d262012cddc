#!/usr/bin/env node
import { processIo } from './io.js';
import { TWIN_VERSION } from '../src/version.js';


// `vtwin timeline big.vtrace | head`: a closed pipe ends the output quietly, not with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // What commander would print, without loading the command line parser and every registration.
  process.stdout.write(`${TWIN_VERSION}\n`);
} else {
  import('./cli.js').then(({ main }) => main(argv, processIo)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`vtwin: internal error: ${(e as Error).message}\n`);
      process.exitCode = 70;
    },
  );
}
