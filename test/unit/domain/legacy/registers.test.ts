import { describe, expect, it } from 'vitest';
import { legacyDeviceFeatures } from '../../../../src/domain/legacy/features.js';
import { defaultConfig } from '../../../../src/domain/device.js';
import { VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_MAC, VIRTIO_NET_F_MQ } from '../../../../src/domain/spec/net.js';
import { ruleIds } from '../../../helpers.js';
import { bringUp, legacyRead, legacyWrite, vfEngine } from '../../../legacyHelpers.js';

const OK = 0;
const EINVAL = 22;
const Q_INVALID_FIELD = 3;
const le = (v: number, n: number) => Array.from({ length: n },
  (_, i) => ((v >> (8 * i)) & 0xff).toString(16).padStart(2, '0')).join('');

describe('legacy register file through LEGACY_COMMON_CFG_* ("Legacy Interfaces: A Note on PCI Device Layout")', () => {
  it('reads device features bits 0-31 little-endian, and ignores writes to them (read-only)', () => {
    const e = vfEngine();
    const feats = legacyDeviceFeatures(e.config);
    expect(feats & (1 << VIRTIO_NET_F_MAC)).not.toBe(0);
    expect(feats & (1 << VIRTIO_NET_F_MQ)).toBe(0); // no max_virtqueue_pairs in a transitional VF's BAR
    expect(legacyRead(e, 1, 0, 4).result).toBe(le(feats, 4));
    const w = legacyWrite(e, 1, 0, 'ffffffff');
    expect(w.status).toBe(OK);
    expect(legacyRead(e, 1, 0, 4).result).toBe(le(feats, 4));
    expect(ruleIds(e)).toEqual([]);
  });

  it('keeps the driver features the driver wrote', () => {
    const e = vfEngine();
    legacyWrite(e, 2, 4, le(1 << VIRTIO_NET_F_CTRL_VQ, 4));
    expect(e.state.fns[2]!.legacy.driverFeatures).toBe(1 << VIRTIO_NET_F_CTRL_VQ);
    expect(legacyRead(e, 2, 4, 4).result).toBe(le(1 << VIRTIO_NET_F_CTRL_VQ, 4));
    expect(e.state.fns[1]!.legacy.driverFeatures).toBe(0);
  });

  it('addresses PFN and size through queue select; a missing queue reads size 0 and ignores its PFN', () => {
    const e = vfEngine({ vfQueues: 2, legacyQueueSize: 128 });
    expect(legacyRead(e, 1, 12, 2).result).toBe(le(128, 2));
    legacyWrite(e, 1, 14, '0100');
    legacyWrite(e, 1, 8, le(0x777, 4));
    expect(e.state.fns[1]!.legacy.queues[1]!.pfn).toBe(0x777);
    expect(legacyRead(e, 1, 8, 4).result).toBe(le(0x777, 4));
    legacyWrite(e, 1, 14, '0500');
    expect(legacyRead(e, 1, 12, 2).result).toBe('0000');
    expect(legacyWrite(e, 1, 8, le(0x999, 4)).status).toBe(OK);
    expect(e.state.fns[1]!.legacy.queues.map((q) => q.pfn)).toEqual([0, 0x777]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('resets the VF on a status write of 0: features, queues, status, ISR cleared and vectors unmapped (Device Reset)',
      () => {
    const e = vfEngine();
    e.execute({ op: 'msix.enable', fn: 1 });
    bringUp(e, 1);
    legacyWrite(e, 1, 4, le(0x20, 4));
    legacyWrite(e, 1, 20, le(1, 2));
    legacyWrite(e, 1, 22, le(2, 2));
    e.state.fns[1]!.msix.isr = 1;
    expect(e.state.fns[1]!.msix.configVector).toBe(1);
    legacyWrite(e, 1, 18, '00');
    const f = e.state.fns[1]!;
    expect([f.legacy.status, f.legacy.driverFeatures, f.legacy.queues[0]!.pfn, f.msix.isr]).toEqual([0, 0, 0, 0]);
    expect([f.msix.configVector, ...f.msix.queueVectors]).toEqual([0xffff, 0xffff, 0xffff]);
    expect(legacyRead(e, 1, 20, 2).result).toBe('ffff');
    expect(ruleIds(e)).toEqual([]);
  });

  it('returns the ISR and clears it on read (ISR status: read-to-clear)', () => {
    const e = vfEngine();
    e.state.fns[3]!.msix.isr = 0x3;
    expect(legacyRead(e, 3, 19, 1).result).toBe('03');
    expect(e.state.fns[3]!.msix.isr).toBe(0);
    expect(legacyRead(e, 3, 19, 1).result).toBe('00');
    expect(ruleIds(e)).toEqual([]);
  });

  it('has config/queue MSI-X vectors at 20/22 only while the VF\'s MSI-X is enabled', () => {
    const e = vfEngine({ vfMsixVectors: 4 });
    const off = legacyRead(e, 1, 20, 2);
    expect([off.status, off.qualifier]).toEqual([EINVAL, Q_INVALID_FIELD]);
    e.execute({ op: 'msix.enable', fn: 1 });
    expect(legacyRead(e, 1, 20, 2).result).toBe('ffff');
    legacyWrite(e, 1, 20, le(3, 2));
    expect(legacyRead(e, 1, 20, 2).result).toBe(le(3, 2));
    legacyWrite(e, 1, 14, '0100');
    legacyWrite(e, 1, 22, le(2, 2));
    expect(e.state.fns[1]!.msix.queueVectors).toEqual([0xffff, 2]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('reads back NO_VECTOR for a vector beyond the MSI-X table (MSI-X Vector Configuration)', () => {
    const e = vfEngine({ vfMsixVectors: 4 });
    e.execute({ op: 'msix.enable', fn: 1 });
    expect(legacyWrite(e, 1, 20, le(4, 2)).status).toBe(OK);
    expect(legacyRead(e, 1, 20, 2).result).toBe('ffff');
    legacyWrite(e, 1, 20, le(1, 2));
    legacyWrite(e, 1, 20, 'ffff');
    expect(e.state.fns[1]!.msix.configVector).toBe(0xffff);
  });

  it('keeps DEVICE_NEEDS_RESET across driver status writes until a reset', () => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'device.needsReset', fn: 1 });
    expect(legacyRead(e, 1, 18, 1).result).toBe('47');
    legacyWrite(e, 1, 18, '07');
    expect(e.state.fns[1]!.legacy.status).toBe(0x47);
    legacyWrite(e, 1, 18, '00');
    expect(e.state.fns[1]!.legacy.status).toBe(0);
  });

  it('treats each VF as its own register file', () => {
    const e = vfEngine();
    bringUp(e, 2);
    expect(e.state.fns[2]!.legacy.status).toBe(7);
    expect([e.state.fns[1]!.legacy.status, e.state.fns[3]!.legacy.status]).toEqual([0, 0]);
  });

  it('applies no effect when the command fails validation (EINVAL has no side effects)', () => {
    const e = vfEngine({}, 2);
    const c = legacyWrite(e, 3, 18, '07');
    expect([c.status, c.qualifier]).toEqual([EINVAL, 5]);
    expect(e.state.fns[3]!.legacy.status).toBe(0);
  });

  it('has a device-config region of 8 bytes for net (mac, status) and 36 for blk (through num_queues)', () => {
    expect(defaultConfig().legacyFieldMatch).toBe('exact');
    const blk = vfEngine({ deviceType: 'blk', vfQueues: 1 });
    expect(legacyRead(blk, 1, 34, 2, 'device').result).toBe('0100');
    expect(legacyRead(blk, 1, 36, 1, 'device').status).toBe(EINVAL);
    const net = vfEngine();
    expect(legacyRead(net, 1, 6, 2, 'device').result).toBe('0100'); // VIRTIO_NET_S_LINK_UP
    expect(legacyRead(net, 1, 8, 1, 'device').status).toBe(EINVAL);
  });
});
