/**
 * README "Guarantees": a file cut at any byte still yields everything up to its last complete
 * record and says it was truncated; a changed byte is a TraceFormatError with an offset; foreign
 * files and unknown versions are refused with messages that say why.
 */
import { describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../../src/errors.js';
import { FRAME_HEADER_BYTES, PREFIX_BYTES, TRAILER_BYTES } from '../../../src/trace/format.js';
import type { Engine } from '../../../src/engine/engine.js';
import { open, readAll, record, workload } from './helpers.js';

/** About 50 events: SR-IOV enable, admin commands to the PF and VFs, completions, a LIST_USE. */
function shortRun(e: Engine): void {
  e.execute({ op: 'sriov.enable', numVFs: 4 });
  for (let i = 0; i < 5; i++) e.execute({ op: 'aq.submit', tag: `q${i}`,
    cmd: { opcode: 'LIST_QUERY', member: i % 3 } });
  e.settle();
  e.execute({ op: 'aq.submit', tag: 'use', cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } });
  e.settle();
  e.execute({ op: 'aq.submit', tag: 'last', cmd: { opcode: 'LIST_QUERY', group: 'SELF' } });
  e.settle();
}

// Small frames and intervals so a short run spans every kind of frame.
const small = record(shortRun, { trace: { frameBytes: 160, checkpointEvery: 8, snapshotEvery: 16,
  snapshotSizeRatio: 0 } });
const full = readAll(open(small.bytes));

/** Offsets of the frames after the header, by walking the frame headers. */
function frameStarts(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  let at = PREFIX_BYTES;
  while (at < bytes.length - TRAILER_BYTES) {
    out.push(at);
    at += FRAME_HEADER_BYTES + ((dv.getUint32(at + 4, true) + 3) & ~3);
  }
  return out;
}
const starts = frameStarts(small.bytes);
const headerEnd = starts[1]!;

describe('a trace cut at any byte', () => {
  it('the fixture has snapshots, several segments and both record streams', () => {
    const r = open(small.bytes);
    expect(r.index!.snapshots).toBeGreaterThanOrEqual(2);
    expect(small.events.length).toBeGreaterThan(40);
    expect(full.events).toEqual(small.events);
    expect(full.commands).toEqual(small.commands);
  });

  it('recovers a prefix of the events and commands and says where it was cut, for every cut', () => {
    let lastEvents = -1;
    for (let cut = headerEnd; cut < small.bytes.length; cut++) {
      const got = readAll(open(small.bytes.subarray(0, cut)));
      expect(got.result.truncated, `cut at ${cut}`).toBe(true);
      expect(got.result.truncatedAt!, `cut at ${cut}`).toBeLessThanOrEqual(cut);
      expect(got.events).toEqual(small.events.slice(0, got.events.length));
      expect(got.commands).toEqual(small.commands.slice(0, got.commands.length));
      expect(got.events.length).toBeGreaterThanOrEqual(lastEvents);
      lastEvents = got.events.length;
    }
    expect(lastEvents).toBe(small.events.length);
  });

  it('recovers every event once the cut is past the last events frame (index or trailer cut)', () => {
    const got = readAll(open(small.bytes.subarray(0, small.bytes.length - 1)));
    expect(got.events.length).toBe(small.events.length);
    expect(got.result.truncated).toBe(true);
    expect(got.result.reason).toMatch(/trailer/);
  });

  it('refuses a file cut inside its prefix or header: nothing can be recovered', () => {
    for (let cut = 1; cut < headerEnd; cut++) {
      expect(() => open(small.bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(/truncated/);
    }
  });

  it('reads a trace whose recorder never finished by scanning, and says so', () => {
    const killed = workload(300, { trace: { frameBytes: 256 }, unfinished: true });
    const r = open(killed.bytes);
    expect(r.complete).toBe(false);
    const got = readAll(r);
    expect(got.result.truncated).toBe(true);
    expect(got.result.reason).toMatch(/did not finish/);
    expect(got.events.length).toBeGreaterThan(0);
    expect(got.events).toEqual(killed.events.slice(0, got.events.length));
    // Segments are found without an index, by reading frame headers.
    expect(r.segments()[0]!.seq).toBe(0);
  });
});

describe('a corrupted trace', () => {
  const tiny = small;
  const tinyStarts = starts;

  it('reports a TraceFormatError at or before the changed byte, inside its frame, for every byte', () => {
    expect(open(tiny.bytes).index!.snapshots).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < tiny.bytes.length; i++) {
      const bad = tiny.bytes.slice();
      bad[i] = bad[i]! ^ 0x20;
      let err: unknown = null;
      try {
        readAll(open(bad));
      } catch (e) {
        err = e;
      }
      expect(err, `byte ${i} changed`).toBeInstanceOf(TraceFormatError);
      const offset = (err as TraceFormatError).offset;
      const frame = [...tinyStarts].reverse().find((s) => s <= i) ?? 0;
      if (i >= PREFIX_BYTES && i < tiny.bytes.length - TRAILER_BYTES) expect(offset,
        `byte ${i}`).toBeGreaterThanOrEqual(frame);
      if (i < tiny.bytes.length - TRAILER_BYTES) expect(offset, `byte ${i}`).toBeLessThanOrEqual(i);
    }
  });

  it('names the file, the offset and what was expected', () => {
    const bad = small.bytes.slice();
    const at = starts[3]! + FRAME_HEADER_BYTES + 2;
    bad[at] = bad[at]! ^ 1;
    expect(() => readAll(open(bad, 'run.vtrace'))).toThrow(
      new RegExp(`^run\\.vtrace: at byte ${starts[3]}: a \\S+ frame whose checksum matches .*corrupt`));
  });
});

describe('files that are not traces', () => {
  it('an empty file', () => {
    expect(() => open(new Uint8Array(0), 'empty.vtrace')).toThrow(
      'empty.vtrace: at byte 0: a virtio-twin trace, but the file is empty');
  });

  it('a file with another magic is "not a virtio-twin trace"', () => {
    expect(() => open(new TextEncoder().encode('{"name": "a scenario"}\n'), 'x.json')).toThrow(
      /x\.json: at byte 0: not a virtio-twin trace/);
  });

  it('an unknown format version is refused, naming the versions that exist', () => {
    const v = small.bytes.slice();
    new DataView(v.buffer).setUint32(8, 7, true);
    expect(() => open(v)).toThrow(/format version, got 7; the versions that exist are 1/);
  });

  it('garbage after the magic never allocates what a length field claims', () => {
    const g = new Uint8Array(64);
    g.set(small.bytes.subarray(0, PREFIX_BYTES));
    g.set([0xf5, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f], PREFIX_BYTES);
    expect(() => open(g)).toThrow(/header frame of at most 16777216 bytes/);
  });
});
