/**
 * Command provenance (src/trace/format.ts): an ingested run's commands carry `$src`, the capture
 * line they came from. Readers hand it out apart from the command; traces written before it
 * existed read exactly as before; a damaged `$src` is a format error.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reexecReplay } from '../../../src/analysis/replay.js';
import type { Command } from '../../../src/domain/commands.js';
import { TraceFormatError } from '../../../src/errors.js';
import { openTraceFile } from '../../../src/trace/file.js';
import { open, record } from './helpers.js';

function drive(e: Parameters<Parameters<typeof record>[0]>[0]): void {
  e.execute({ op: 'sriov.enable', numVFs: 2 });
  e.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
  e.settle();
}

/** Record `drive` with command i carrying `$src: line(i)`. */
function withSources(line: (i: number) => unknown) {
  return record(drive, {
    tamper: (rec) => ({
      onCommand: (i, t, c) =>
        rec.onCommand(i, t, line(i) === undefined ? c : ({ ...c, $src: line(i) } as unknown as Command)),
      onEvent: (e, s) => rec.onEvent(e, s),
      onViolation: (v) => rec.onViolation(v),
      onSettle: (seq) => rec.onSettle(seq),
    }),
  });
}

describe('$src: the capture line of a command', () => {
  it('is handed out beside the command, never inside it, and the run still re-executes', () => {
    const r = withSources((i) => (i % 2 === 0 ? 10 + i : undefined));
    const seen: [number, number | undefined, boolean][] = [];
    open(r.bytes).scan({ command: (i, _t, cmd, src) => void seen.push([i, src, '$src' in cmd]) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual(seen.map(([i]) => [i, i % 2 === 0 ? 10 + i : undefined, false]));
    const recs = [...open(r.bytes).records()].filter((x) => '$' in x && x.$ === 'command');
    expect(recs[0]).toMatchObject({ $: 'command', index: 0, src: 10 });
    expect(recs[1]).not.toHaveProperty('src');
    expect(reexecReplay(open(r.bytes)).ok).toBe(true);
  });

  it('is absent from traces written before it existed (traces/regressions read as before)', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'traces', 'regressions');
    let commands = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.vtrace'))) {
      const reader = openTraceFile(join(dir, f));
      reader.scan({
        command: (_i, _t, cmd, src) => {
          commands++;
          expect(src).toBeUndefined();
          expect(cmd).not.toHaveProperty('$src');
        },
      });
      reader.close();
    }
    expect(commands).toBeGreaterThan(50);
  });

  it('that is not a line number is a trace format error', () => {
    const r = withSources((i) => (i === 1 ? 0 : undefined));
    expect(() => open(r.bytes).scan({ command: () => {} })).toThrow(TraceFormatError);
    expect(() => open(r.bytes).scan({ command: () => {} })).toThrow(/a capture line number \(\$src, an integer >= 1\)/);
  });
});
