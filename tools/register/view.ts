import type { Command } from 'commander';
import type { Io } from '../io.js';

/** Largest trace (events) `vtwin view --out` embeds in its page. */
export const MAX_STATIC_EVENTS = 100_000;

export interface ViewOpts {
  port?: string;
  out?: string;
}

export function registerView(program: Command, io: Io): void {
  program
    .command('view')
    .description('time-travel viewer in the browser: timeline, state at a step cursor, blame on click')
    .argument('<trace>', 'trace file')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .option(
      '--out <file>',
      `write the page as one self-contained HTML file instead (at most ${MAX_STATIC_EVENTS} events)`,
    )
    .action(async (file: string, opts: ViewOpts) => (await import('../commands/view.js')).viewAction(io, file, opts));
}
