import { describeEvent, timeline } from '../../src/analysis/timeline.js';
import { InputError } from '../../src/errors.js';
import type { Io } from '../io.js';
import { progress, warnTruncated, withTrace } from './traceArgs.js';

export interface TimelineOpts {
  vf?: number;
  from?: number;
  to?: number;
  json?: boolean;
}

/** `vtwin timeline` (registered in tools/register/timeline.ts). */
export function timelineAction(io: Io, file: string, opts: TimelineOpts): void {
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) {
    throw new InputError(`--from ${opts.from} is after --to ${opts.to}`);
  }
  withTrace(io, file, (reader) => {
    // A function the recorded device does not have would just print nothing: say so instead.
    const total = reader.header.config.totalVFs;
    if (opts.vf !== undefined && opts.vf > total) {
      throw new InputError(
        `--vf ${opts.vf}: ${file} records a device with ${total} VF(s); expected 0 (the PF) .. ${total}`);
    }
    const p = progress(io, 'timeline');
    let first = true;
    if (opts.json) io.out('{"events":[\n');
    const r = timeline(reader, { vf: opts.vf, from: opts.from, to: opts.to, progress: p.tick }, (e) => {
      if (!opts.json) return io.out(describeEvent(e) + '\n');
      io.out((first ? '' : ',\n') + JSON.stringify(e));
      first = false;
    });
    p.done();
    if (opts.json) io.out(`\n],"truncated":${r.truncated},"truncatedAt":${r.truncatedAt}}\n`);
    else warnTruncated(io, r, 'the timeline ends at the cut');
  });
}
