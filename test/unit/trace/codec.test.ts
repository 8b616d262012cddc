/**
 * Whatever events and commands a run produces, the trace gives them back: a fast-check property
 * over arbitrary event shapes (types the twin knows and types it does not, nested payloads,
 * explicit and implicit envelopes), written with small frames so records cross frame boundaries
 * and with many shapes so msgpackr's record-structure ids wrap around.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/domain/commands.js';
import { defaultConfig, initialState } from '../../../src/domain/device.js';
import type { Event } from '../../../src/domain/events.js';
import { memorySink } from '../../../src/trace/memory.js';
import { createRecorder } from '../../../src/trace/writer.js';
import { openForeign as open, readAll } from './helpers.js';

const key = fc.oneof(
  fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,8}$/).filter(
    (k) => !['type', 'seq', 'tick', 'cause', 'op', '__proto__', 'constructor'].includes(k)),
  fc.integer({ min: 0, max: 5000 }).map(String),
);
const leaf = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.boolean(),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constant(null),
  fc.constant(undefined),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
const payload = fc.dictionary(key, value, { maxKeys: 6 });
const eventType = fc.oneof(fc.constantFrom('aq/submitted', 'aq/completed', 'sched/picked', 'msix/delivered'),
  fc.stringMatching(/^[a-z]{1,6}\/[a-zA-Z]{1,10}$/));
const op = fc.oneof(fc.constantFrom('aq.submit', 'device.run', 'sriov.enable'),
  fc.stringMatching(/^[a-z]{1,6}\.[a-z]{1,8}$/));

type Step =
  | { kind: 'event'; type: string; body: Record<string, unknown>; fn?: number; seqJump: number; odd: boolean }
  | { kind: 'command'; op: string; body: Record<string, unknown>; indexJump: number; tickStep: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('event' as const),
    type: eventType,
    body: payload,
    fn: fc.option(fc.integer({ min: -1, max: 6 }), { nil: undefined }),
    seqJump: fc.oneof({ weight: 9, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 1000 }) }),
    odd: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  }),
  fc.record({
    kind: fc.constant('command' as const),
    op,
    body: payload,
    indexJump: fc.oneof({ weight: 9, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }) }),
    tickStep: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 300 })),
  }),
);

describe('trace codec', () => {
  it('round-trips any sequence of events and commands, envelopes included (fast-check)', () => {
    const config = defaultConfig({ totalVFs: 6 });
    const state = initialState(config);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), fc.integer({ min: 64, max: 600 }), (steps, frameBytes) => {
        const sink = memorySink();
        const rec = createRecorder(sink, { config, seed: 1, producer: 'property', frameBytes, checkpointEvery: 7 });
        const events: Event[] = [];
        const commands: { index: number; tick: number; cmd: Command }[] = [];
        let seq = 0;
        let index = -1;
        let tick = 0;
        for (const s of steps) {
          if (s.kind === 'command') {
            index += 1 + s.indexJump;
            tick += s.tickStep;
            const cmd = { op: s.op, ...s.body } as unknown as Command;
            commands.push({ index, tick, cmd });
            rec.onCommand(index, tick, cmd);
          } else {
            seq += s.seqJump;
            const e = { type: s.type, ...s.body, ...(s.fn !== undefined ? { fn: s.fn } : {}), seq, tick: s.odd
              ? tick + 3 : tick, cause: s.odd ? index - 1 : index } as unknown as Event;
            seq++;
            events.push(e);
            rec.onEvent(e, state);
          }
        }
        rec.finish();
        const got = readAll(open(sink.bytes()));
        expect(got.result.truncated).toBe(false);
        expect(got.events).toEqual(events);
        expect(got.commands).toEqual(commands);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps decoding after more than 64 record shapes in one segment (structure ids wrap)', () => {
    const config = defaultConfig({ totalVFs: 2 });
    const state = initialState(config);
    const sink = memorySink();
    const rec = createRecorder(sink, { config, seed: 1, producer: 'shapes' });
    const events: Event[] = [];
    rec.onCommand(0, 0, { op: 'time.advance', ticks: 0 });
    for (let i = 0; i < 300; i++) {
      const e = { type: `t/k${i % 90}`, [`f${i % 150}`]: i, [`g${i % 7}`]: `v${i}`, seq: i, tick: 0,
        cause: 0 } as unknown as Event;
      events.push(e);
      rec.onEvent(e, state);
    }
    rec.finish();
    expect(readAll(open(sink.bytes())).events).toEqual(events);
  });
});

describe('the fast body path', () => {
  it('tells which events carry fn even when one type comes both ways (the incremental hash needs it)', () => {
    const config = defaultConfig({ totalVFs: 2 });
    const state = initialState(config);
    const sink = memorySink();
    const rec = createRecorder(sink, { config, seed: 1, producer: 'fn flags' });
    rec.onCommand(0, 0, { op: 'time.advance', ticks: 0 });
    const shapes = [{ fn: 1 }, {}, { fn: -1 }, { fn: undefined }, {}, { fn: 0 }];
    shapes.forEach((extra, seq) => rec.onEvent(
      { type: 'x/mixed', n: seq, ...extra, seq, tick: 0, cause: 0 } as unknown as Event, state));
    rec.finish();
    const flags: boolean[] = [];
    open(sink.bytes()).scan({ body: (_e, _seq, _id, hasFn) => void flags.push(hasFn) });
    expect(flags).toEqual([true, false, true, false, false, true]);
  });
});
