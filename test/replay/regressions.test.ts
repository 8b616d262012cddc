/**
 * traces/regressions/: small recorded runs kept as regression tests (README "Traces" and
 * "Fuzz campaigns"). Each must still replay byte-for-byte in meaning — fold (recipes and hashes) and
 * reexec (the device model) — and `check` must find exactly the violations it recorded. A trace
 * named after a deviation profile is that profile's shrunk fuzz reproducer: one of the rules its
 * caughtBy names must fire.
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
