import { describeEntry, describeOutstanding, entryJson, outstandingJson } from '../../src/analysis/describe.js';
import { timeline, type TimelineResult } from '../../src/analysis/timeline.js';
import type { DeviceConfig } from '../../src/domain/config.js';
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
      const expected = `expected 0 (the PF) .. ${total}`;
      throw new InputError(`--vf ${opts.vf}: ${file} records a device with ${total} VF(s); ${expected}`);
    }
    const config = reader.header.config;
    const p = progress(io, 'timeline');
    let first = true;
    if (opts.json) io.out('{"entries":[\n');
    const r = timeline(reader, { vf: opts.vf, from: opts.from, to: opts.to, progress: p.tick }, (e) => {
      if (!opts.json) return io.out(describeEntry(e, config) + '\n');
      io.out((first ? '' : ',\n') + JSON.stringify(entryJson(e, config)));
      first = false;
    });
    p.done();
    if (opts.json) {
      const outstanding = JSON.stringify(r.outstanding.map((c) => outstandingJson(c, config)));
      const tail = `"endSeq":${r.endSeq},"truncated":${r.truncated},"truncatedAt":${r.truncatedAt}`;
      io.out(`\n],"outstanding":${outstanding},${tail}}\n`);
    } else {
      io.out(outstandingText(r, config));
      warnTruncated(io, r, 'the timeline ends at the cut');
    }
  });
}

/** Outstanding commands listed in the human output. */
const MAX_LISTED = 20;

function outstandingText(r: TimelineResult, config: DeviceConfig): string {
  const n = r.outstanding.length;
  if (n === 0) return `outstanding after seq ${r.endSeq}: no admin command\n`;
  const lines = r.outstanding.slice(0, MAX_LISTED).map((c) => `  ${describeOutstanding(c, config)}\n`);
  if (n > MAX_LISTED) lines.push(`  … and ${n - MAX_LISTED} more (--json lists them all)\n`);
  return `outstanding after seq ${r.endSeq}: ${n} admin command${n === 1 ? '' : 's'}\n${lines.join('')}`;
}
