/**
 * `vtwin view <trace>`: the time-travel viewer in a browser (README "Seeing a run"). Serves one
 * page on 127.0.0.1 and prints its URL; runs until interrupted. `--out page.html` writes the same
 * page self-contained instead (traces of at most 100 000 events). Registered in
 * tools/register/view.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../src/errors.js';
import type { TraceReader } from '../../src/trace/reader.js';
import type { Io } from '../io.js';
import { startViewServer } from '../view/server.js';
import { MAX_STATIC_EVENTS, type ViewOpts } from '../register/view.js';
import { staticPage } from '../view/static.js';
import { parseInteger } from './parse.js';
import { openTraceArg, withTrace } from './traceArgs.js';

function eventCount(reader: TraceReader): number {
  if (reader.index) return reader.index.events;
  let n = 0;
  reader.scan({ body: () => void n++ });
  return n;
}

export async function viewAction(io: Io, file: string, opts: ViewOpts): Promise<void> {
  if (opts.port !== undefined && opts.out !== undefined) throw new InputError('--port and --out are exclusive');
  if (opts.out !== undefined) return writeStatic(io, file, opts.out);
  const port = opts.port !== undefined ? parseInteger(opts.port, '--port', 0, 65535) : 0;
  const reader = openTraceArg(io, file);
  let server;
  try {
    server = await startViewServer(reader, path.basename(file), port);
  } catch (e) {
    reader.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES')
      throw new InputError(`--port ${port}: ${err.code === 'EADDRINUSE' ? 'in use' : 'not allowed'}`);
    throw e;
  }
  io.out(`vtwin: viewing ${file} at ${server.url} (Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  reader.close();
}

function writeStatic(io: Io, file: string, out: string): void {
  const events = withTrace(io, file, eventCount);
  if (events > MAX_STATIC_EVENTS) {
    throw new InputError(
      `${file}: ${events} events; --out embeds traces of at most ${MAX_STATIC_EVENTS} events ` +
        '(serve a bigger one with `vtwin view <trace>`: it reads only what it shows)',
    );
  }
  const bytes = readFileSync(path.resolve(io.cwd, file));
  writeFileSync(path.resolve(io.cwd, out), staticPage(bytes, path.basename(file)));
  io.err(`vtwin: wrote ${out} (${events} events; open it in a browser, no server needed)\n`);
}
