import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../../src/domain/config.js';
import { resolveBuilt, resolveConfig } from '../../../src/domain/device.js';
import { seededRng } from '../../../src/engine/prng.js';
import { ConfigError } from '../../../src/errors.js';
import { fuzzRun } from '../../../src/fuzz/run.js';
import { swarmDevice } from '../../../src/fuzz/swarm.js';

/** Every key (undefined-valued ones too) and value, in order, recursively: equal iff the same object contents. */
function layout(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(layout);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, layout(x)]);
  return v === undefined ? '<undefined>' : v;
}

describe('a config built valid by construction skips the schema check, nothing else', () => {
  it('the swarm device of 3000 seeds resolves to exactly what the schema check returns, key order included', () => {
    const seen = { mmio: 0, blk: 0 };
    for (let seed = 0; seed < 3000; seed++) {
      const device = swarmDevice(seededRng(seed), seed % 2 ? 'spec' : 'aq-reorder');
      const built = resolveBuilt(device, 'fuzz swarm');
      expect(layout(built)).toEqual(layout(resolveConfig(device, 'fuzz swarm')));
      if (built.mmio) seen.mmio++;
      if (built.deviceType === 'blk') seen.blk++;
    }
    expect(seen.mmio).toBeGreaterThan(500); // both shapes (with and without mmio) were compared
    expect(seen.blk).toBeGreaterThan(500);
  });

  it('fills omitted fields, optional ones and mmio fields as the schema does', () => {
    for (const input of [{}, { mmio: {} }, { legacyFeatures: 3 },
      { mmio: { sharing: true, queues: 3 }, legacyFeatures: 7, totalVFs: 2 },
      { vfMacs: { 1: '020000000001' }, extOpcodes: { VTWIN_EXT_VF_MSIX_SET: 0x7e00 }, profile: 'aq-reorder' }]) {
      expect(layout(withDefaults(input))).toEqual(layout(resolveConfig(input)));
    }
  });

  it('defaults are copies: changing one config leaves the next one alone', () => {
    const a = withDefaults({});
    (a.extOpcodes as Record<string, number>).X = 0x100;
    a.legacyNotify.pop();
    const b = withDefaults({});
    expect(b.extOpcodes).toEqual({});
    expect(b.legacyNotify).toHaveLength(2);
  });

  it('the cross-field checks still run and fail with the same ConfigError', () => {
    const input = { totalVFs: 2, numVFs: 3 };
    expect(() => resolveBuilt(input, 'src')).toThrow(ConfigError);
    expect(() => resolveBuilt(input, 'src')).toThrow(/numVFs.*at most totalVFs/);
  });

  it('a fuzz run given outside options checks them in full (an empty profile, a bad device option)', () => {
    expect(() => fuzzRun({ seed: 1, profile: '' })).toThrow(ConfigError);
    expect(() => fuzzRun({ seed: 1, profile: 'spec', device: { aqDepth: 0 } })).toThrow(/device\.aqDepth/);
  });
});
