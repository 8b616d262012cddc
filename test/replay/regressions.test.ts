/**
 * traces/regressions/: small recorded runs kept as regression tests (README "Traces" and
 * "Fuzz campaigns"). Each must still replay byte-for-byte in meaning — fold (recipes and hashes) and
 * reexec (the device model) — and `check` must find exactly the violations it recorded. A trace
 * named after a deviation profile is that profile's shrunk fuzz reproducer: one of the rules its
 * caughtBy names must fire.
 *
 * They are the current format, recorded again (`rerecord`) from their format 1 originals, kept in
 * test/fixtures/format1/, and from their format 2 recordings, kept in test/fixtures/format2/: both
 * must still read, replay and carry the same run, and recording either again today must give the
 * committed trace byte for byte. Format 3 changed only the mapper's layout in snapshots
 * (./format2.test.ts covers snapshots holding busy mapper VFs).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../src/analysis/check.js';
import { foldReplay, reexecReplay } from '../../src/analysis/replay.js';
import { PROFILES } from '../../src/domain/profiles.js';
import { openTraceFile } from '../../src/trace/file.js';

const dir = join(import.meta.dirname, '..', '..', 'traces', 'regressions');
const traces = readdirSync(dir).filter((f) => f.endsWith('.vtrace')).sort();

describe('regression traces', () => {
  it('exist, one per deviation profile at least', () => {
    for (const p of PROFILES.filter((x) => x.name !== 'spec')) expect(
      traces.some((t) => t.endsWith(`-${p.name}.vtrace`)), p.name).toBe(true);
  });

  for (const t of traces) {
    describe(t, () => {
      const open = () => openTraceFile(join(dir, t), t);

      it('replays by fold and by re-execution without divergence', () => {
        const fold = foldReplay(open());
        const reexec = reexecReplay(open());
        expect(fold.divergence ?? null).toBeNull();
        expect(reexec.divergence ?? null).toBeNull();
        expect([fold.ok, reexec.ok, fold.events > 0]).toEqual([true, true, true]);
      });

      it('re-checks to exactly the violations it recorded', () => {
        const r = checkTrace(open());
        expect(r.added).toEqual([]);
        expect(r.missing).toEqual([]);
        const profile = PROFILES.find((p) => p.name !== 'spec' && t.endsWith(`-${p.name}.vtrace`));
        if (profile) expect(r.violations.some((v) => profile.caughtBy.includes(v.rule))).toBe(true);
      });
    });
  }
});

import { readFileSync } from 'node:fs';
import { openTrace } from '../../src/trace/reader.js';
import { bytesSource } from '../../src/trace/source.js';

describe('a regression trace cut at any byte after its header (README "Traces")', () => {
  it('replays by fold and re-execution up to the cut and says it was truncated', () => {
    const bytes = readFileSync(join(dir, traces[0]!));
    const full = foldReplay(openTrace(bytesSource(bytes, 'full'))).events;
    const headerEnd = openTrace(bytesSource(bytes, 'h')).dataStart;
    let cuts = 0;
    for (let n = headerEnd + 1; n < bytes.length; n += 7) {
      const cut = bytes.subarray(0, n);
      const fold = foldReplay(openTrace(bytesSource(cut, `cut@${n}`)));
      const reexec = reexecReplay(openTrace(bytesSource(cut, `cut@${n}`)));
      expect([fold.ok, reexec.ok, fold.truncated]).toEqual([true, true, true]);
      expect(fold.events).toBeLessThanOrEqual(full);
      expect(reexec.events).toBe(fold.events);
      cuts++;
    }
    expect(cuts).toBeGreaterThan(100);
  });
});

import { FORMAT_VERSION } from '../../src/trace/format.js';
import { hashState } from '../../src/engine/hash.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { stateView } from '../../src/domain/view.js';
import { evolve } from '../../src/domain/evolve.js';
import { startState } from '../../src/analysis/start.js';
import { memorySink } from '../../src/trace/memory.js';
import { rerecord } from '../../src/trace/runs.js';
import { readAll } from '../unit/trace/helpers.js';

const v1dir = join(import.meta.dirname, '..', 'fixtures', 'format1');
const v2dir = join(import.meta.dirname, '..', 'fixtures', 'format2');
const olderDirs = [[1, v1dir], [2, v2dir]] as const;

describe('older traces (test/fixtures/format1, format2) are migrated on reading', () => {
  it('the regression traces are the current format, and their format 1 and 2 originals are all kept', () => {
    for (const t of traces) {
      expect(openTraceFile(join(dir, t)).header.formatVersion, t).toBe(FORMAT_VERSION);
      for (const [v, d] of olderDirs) expect(openTraceFile(join(d, t)).header.formatVersion, t).toBe(v);
    }
  });

  for (const t of traces) {
    for (const [v, d] of olderDirs) {
      it(`${t}: the format ${v} original replays both ways and holds the same run as the current trace`, () => {
        const old = openTraceFile(join(d, t));
        const now = openTraceFile(join(dir, t));
        expect([foldReplay(old).ok, reexecReplay(openTraceFile(join(d, t))).ok]).toEqual([true, true]);
        const a = readAll(openTraceFile(join(d, t)));
        const b = readAll(openTraceFile(join(dir, t)));
        expect(b.events).toEqual(a.events);
        expect(b.commands).toEqual(a.commands);
        expect(now.index!.violationList).toEqual(old.index!.violationList);
        expect(now.index!.finalHash).toBe(old.index!.finalHash);
      });
    }
  }

  it('a format 1 snapshot (in-flight commands keyed by cid) loads as the working layout and the same state', () => {
    const file = join(v1dir, 'admin-snapshots.vtrace');
    const reader = openTraceFile(file);
    expect(reader.header.formatVersion).toBe(1);
    expect(foldReplay(openTraceFile(file)).ok).toBe(true);
    const segs = reader.segments().filter((s) => s.snapshotOffset >= 0);
    expect(segs.length).toBeGreaterThanOrEqual(3);
    for (const seg of segs) {
      const snap = reader.readSnapshot(seg.snapshotOffset);
      expect(Array.isArray(snap.state.aq.commands)).toBe(true);
      expect(snap.state.aq.commands.length).toBeGreaterThan(0);
      // The snapshot's recorded hash is the hash of the migrated state, and seeking through it
      // gives the state folding from the start gives.
      expect(hashState(snap.state)).toBe(snap.hash);
      const at = seg.seq + 5;
      const seek = stateAt(openTraceFile(file), at);
      expect(seek.fromSeq).toBe(seg.seq - 1);
      const fromStart = startState(openTraceFile(file));
      openTraceFile(file).scan({ event: (e) => (evolve(fromStart, e), e.seq >= at) });
      expect(hashState(seek.state)).toBe(hashState(fromStart));
      const cid = snap.state.aq.commands.at(0)!.cid;
      expect(Object.keys(stateView(snap.state).aq.commands)).toContain(String(cid));
    }
  });

  it('recording a format 1 or 2 original again gives the committed current-format trace, byte for byte', () => {
    for (const t of traces) {
      const committed = readFileSync(join(dir, t));
      for (const [, d] of olderDirs) {
        const sink = memorySink();
        rerecord(openTraceFile(join(d, t)), sink);
        expect(Buffer.from(sink.bytes()).equals(committed), `${d}/${t}`).toBe(true);
      }
    }
  });
});
