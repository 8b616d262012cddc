/**
 * The interrupt rules fire on deviations no shipped profile produces. Each test builds a real
 * state with the engine, then feeds the rule a crafted event (applied with the real recipe unless
 * told otherwise) and checks the verdict both ways.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/domain/commands.js';
import type { DeviceConfigInput } from '../../../src/domain/config.js';
import { defaultConfig } from '../../../src/domain/device.js';
import type { Event, EventBody } from '../../../src/domain/events.js';
import { evolve } from '../../../src/domain/evolve.js';
import type { TwinState } from '../../../src/domain/state.js';
import { Engine } from '../../../src/engine/engine.js';
import { RuleMonitor, type Rule } from '../../../src/rules/framework.js';
import * as msix from '../../../src/rules/msix.js';
import * as host from '../../../src/rules/host.js';
import * as prov from '../../../src/rules/provision.js';
import * as mmio from '../../../src/rules/mmio.js';
import { noNotifyBeforeDriverOk } from '../../../src/rules/notify.js';
import * as R from '../../../src/domain/mmio/extension.js';

function stateAfter(device: DeviceConfigInput, cmds: Command[]): TwinState {
  const e = new Engine({ config: defaultConfig(device), rules: [] });
  for (const c of cmds) e.execute(c);
  return structuredClone(e.state);
}

type Step = EventBody | { cmd: Command } | { raw: EventBody } | 'settle';

/** Feed steps to one rule; returns its violation messages. `raw` events skip the recipe. */
function judge(rule: Rule, s: TwinState, steps: Step[]): string[] {
  const mon = new RuleMonitor([rule]);
  let seq = 0;
  for (const st of steps) {
    if (st === 'settle') mon.settle(s, seq);
    else if (!('type' in st) && 'cmd' in st) mon.command(s, st.cmd, seq);
    else {
      const raw = 'raw' in st;
      const e = { ...(raw ? st.raw : st), seq: seq++, tick: 0, cause: 0 } as Event;
      mon.before(s, e);
      if (!raw) evolve(s, e);
      mon.after(s, e);
    }
  }
  return mon.violations.map((v) => v.message);
}

const VF_MSIX: Command[] = [
  { op: 'sriov.enable', numVFs: 1 },
  { op: 'msix.enable', fn: 1 },
  { op: 'vector.map', fn: 1, queue: 0, vector: 0 },
  { op: 'vector.map', fn: 1, queue: 'config', vector: 1 },
  { op: 'vf.status', fn: 1, value: 15 },
];
const next: Step = { cmd: { op: 'time.advance', ticks: 1 } };

describe('MSI-X rules', () => {
  it('masked-never-delivered: a message on a masked entry is a violation, on an unmasked one it is not', () => {
    const s = stateAfter({}, VF_MSIX);
    expect(judge(msix.maskedNeverDelivered, s, [{ type: 'msix/delivered', fn: 1, vector: 0, source: 0 }])).toHaveLength(
      1);
    const ok = stateAfter({}, [...VF_MSIX, { op: 'msix.unmask', fn: 1, vector: 0 }]);
    expect(judge(msix.maskedNeverDelivered, ok, [{ type: 'msix/delivered', fn: 1, vector: 0, source: 0 }])).toEqual([]);
  });

  it('no-lost-interrupt: a raise with no outcome is reported at the next command', () => {
    const s = stateAfter({}, VF_MSIX);
    expect(judge(msix.noLostInterrupt, s, [{ type: 'irq/raised', fn: 1, source: 0 }, next])).toEqual([
      expect.stringContaining('neither sent nor latched'),
    ]);
    expect(judge(msix.noLostInterrupt, stateAfter({}, VF_MSIX),
      [{ type: 'irq/raised', fn: 1, source: 0 }, { type: 'msix/pended', fn: 1, vector: 0, source: 0 }, next])).toEqual(
      []);
  });

  it('pending-delivered-once: a spurious PBA message, a double one and a missing one are all caught', () => {
    const pend = [...VF_MSIX, { op: 'device.notify', fn: 1, queue: 0 } as Command];
    expect(judge(msix.pendingDeliveredOnce, stateAfter({}, pend),
      [{ type: 'msix/delivered', fn: 1, vector: 0, source: 'pba' }])).toEqual([
      expect.stringContaining('did not just become deliverable'),
    ]);
    const unmask: EventBody = { type: 'msix/masked', fn: 1, vector: 0, masked: false };
    expect(judge(msix.pendingDeliveredOnce, stateAfter({}, pend), [unmask, next])).toEqual(
      [expect.stringContaining('never sent')]);
    const twice = judge(msix.pendingDeliveredOnce, stateAfter({}, pend), [
      unmask,
      { type: 'msix/delivered', fn: 1, vector: 0, source: 'pba' },
      { raw: { type: 'msix/delivered', fn: 1, vector: 0, source: 'pba' } },
    ]);
    expect(twice).toEqual([expect.stringContaining('more than once')]);
  });

  it('pending-not-stranded: a pending bit left on an unmasked vector at settle is a liveness violation', () => {
    const s = stateAfter({}, [...VF_MSIX, { op: 'device.notify', fn: 1, queue: 0 }]);
    expect(judge(msix.pendingNotStranded, s,
      [{ type: 'msix/pended', fn: 1, vector: 0, source: 0 },
      { raw: { type: 'msix/masked', fn: 1, vector: 0, masked: false } }, 'settle'])).toEqual([]);
    s.fns[1]!.msix.mask[0] = 0;
    expect(judge(msix.pendingNotStranded, s, [{ type: 'msix/pended', fn: 1, vector: 0, source: 0 }, 'settle'])).toEqual(
      [expect.stringContaining('never delivered')]);
  });

  it('no-vector-silent: pending an interrupt whose source maps to NO_VECTOR is a violation', () => {
    const s = stateAfter({}, [...VF_MSIX, { op: 'vector.map', fn: 1, queue: 0, vector: 0xffff }]);
    expect(judge(msix.noVectorSilent, s, [{ type: 'irq/raised', fn: 1, source: 0 },
      { type: 'msix/pended', fn: 1, vector: 0, source: 0 }])).toHaveLength(1);
  });

  it('config-change-bit: a config message without ISR bit 1 first is a violation', () => {
    const s = stateAfter({}, [...VF_MSIX, { op: 'msix.unmask', fn: 1, vector: 1 }]);
    const raise: EventBody = { type: 'irq/raised', fn: 1, source: 'config' };
    const send: EventBody = { type: 'msix/delivered', fn: 1, vector: 1, source: 'config' };
    expect(judge(msix.isrConfigBit, structuredClone(s), [raise, send])).toHaveLength(1);
    expect(judge(msix.isrConfigBit, s, [raise, { type: 'isr/set', fn: 1, bits: 2 }, send])).toEqual([]);
  });

  it('vector-readback: storing NO_VECTOR for a valid entry is a violation', () => {
    const s = stateAfter({}, VF_MSIX);
    expect(judge(msix.vectorReadback, s, [{ type: 'msix/vectorMapped', fn: 1, source: 1, requested: 2,
      vector: 0xffff }])).toHaveLength(1);
    expect(judge(msix.vectorReadback, s, [{ type: 'msix/vectorMapped', fn: 1, source: 1, requested: 9,
      vector: 0xffff }])).toEqual([]);
  });
});

describe('host rules', () => {
  const guest: Command[] = [
    { op: 'sriov.enable', numVFs: 1 },
    { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
    { op: 'msix.enable', fn: 1 },
  ];

  it('exhaustion-outcome: under "report-error" a failed vector left unmasked is a violation', () => {
    const s = stateAfter({ hostExhaustion: 'report-error' }, guest);
    const steps: Step[] = [
      { type: 'host/requestFailed', fn: 1, vector: 0, errno: 'ENOSPC', outcome: 'report-error' },
      { type: 'msix/masked', fn: 1, vector: 0, masked: false },
      next,
    ];
    expect(judge(host.exhaustionOutcome, s, steps)).toEqual([expect.stringContaining('left unmasked')]);
  });

  it('budget-respected: holding more vectors than the budget is a violation', () => {
    const s = stateAfter({ hostIrqBudget: 1 }, [...guest, { op: 'msix.unmask', fn: 1, vector: 0 }]);
    expect(judge(host.budgetRespected, s, [{ type: 'host/irqRequested', fn: 1, vector: 1 }])).toEqual(
      [expect.stringContaining('budget 1')]);
  });

  it('resize-loses-nothing: losing a message on a vector that was active is the host\'s fault; on an inactive one it ' +
      'is not this rule\'s', () => {
    const s = stateAfter({}, [...guest, { op: 'vector.map', fn: 1, queue: 0, vector: 0 },
      { op: 'msix.unmask', fn: 1, vector: 0 }]);
    const lost: EventBody = { type: 'host/irqLost', fn: 1, vector: 0, source: 0, reason: 'resize-window' };
    expect(judge(host.resizeLosesNothing, structuredClone(s),
      [{ type: 'irq/raised', fn: 1, source: 0 }, lost])).toHaveLength(1);
    expect(judge(host.resizeLosesNothing, s, [{ type: 'irq/raised', fn: 1, source: 1 }, lost])).toEqual([]);
  });
});

describe('provisioning rules', () => {
  it('pool-never-overcommitted judges the actual Table Sizes', () => {
    const s = stateAfter({ vfMsixPool: 8, vfMsixVectors: 4 }, [{ op: 'sriov.enable', numVFs: 2 }]);
    expect(judge(prov.poolNeverOvercommitted, s,
      [{ type: 'provision/defaults', fn: -1, numVFs: 2, count: 4 }])).toEqual([]);
    expect(judge(prov.poolNeverOvercommitted, s,
      [{ type: 'provision/defaults', fn: -1, numVFs: 2, count: 4 },
      { type: 'provision/set', fn: 1, count: 6 }])).toHaveLength(1);
  });

  it('table-size-matches: an accepted count the table does not reflect is a violation', () => {
    const s = stateAfter({}, [{ op: 'sriov.enable', numVFs: 1 }]);
    expect(judge(prov.tableSizeMatches, s, [{ raw: { type: 'provision/set', fn: 1, count: 8 } }])).toEqual(
      [expect.stringContaining('provisioned 8')]);
    expect(judge(prov.tableSizeMatches, s, [{ type: 'provision/set', fn: 1, count: 8 }])).toEqual([]);
  });
});

describe('mmio rules', () => {
  const on: Command[] = [{ op: 'mmio.write', offset: R.VIRTIO_MMIO_MSI_COMMAND, value: R.VIRTIO_MMIO_MSI_CMD_ENABLE }];

  it('no-intstatus-with-msi: setting InterruptStatus with MSI on is a violation, with it off it is the line interrupt',
      () => {
    expect(judge(mmio.mmioNoIntStatusWithMsi, stateAfter({ mmio: {} }, on),
      [{ type: 'mmio/intStatusSet', bits: 1 }])).toHaveLength(1);
    expect(judge(mmio.mmioNoIntStatusWithMsi, stateAfter({ mmio: {} }, []),
      [{ type: 'mmio/intStatusSet', bits: 1 }])).toEqual([]);
  });

  it('fixed-mapping: in non-sharing mode queue 0 must use vector 1', () => {
    const s = stateAfter({ mmio: { queues: 2 } }, on);
    expect(judge(mmio.mmioFixedMapping, s, [{ type: 'mmio/msiPended', vector: 2, source: 0 }])).toHaveLength(1);
    expect(judge(mmio.mmioFixedMapping, s, [{ type: 'mmio/msiPended', vector: 1, source: 0 }])).toEqual([]);
  });

  it('masked-never-delivered and no-vector-silent hold for mmio MSI too', () => {
    const s = stateAfter({ mmio: { queues: 1, sharing: true } }, on);
    expect(judge(mmio.mmioMaskedNeverDelivered, structuredClone(s),
      [{ type: 'mmio/msiDelivered', vector: 0, source: 0 }])).toHaveLength(1);
    expect(judge(mmio.mmioNoVectorSilent, s,
      [{ type: 'mmio/raised', source: 0 }, { type: 'mmio/msiPended', vector: 0, source: 0 }])).toHaveLength(1);
  });
});

describe('notifications and the device status (virtio 1.4 §2.1 Device Status Field, §2.4 Device Reset)', () => {
  const vf = (status: number) => stateAfter({ mmio: {} }, [{ op: 'sriov.enable', numVFs: 1 },
    ...(status ? [{ op: 'vf.status', fn: 1, value: status } as Command] : [])]);
  const used: EventBody = { type: 'irq/raised', fn: 1, source: 0 };
  const config: EventBody = { type: 'irq/raised', fn: 1, source: 'config' };

  it('a used-buffer notification to a VF without DRIVER_OK is a violation; at DRIVER_OK it is not', () => {
    expect(judge(noNotifyBeforeDriverOk, vf(0), [used])).toEqual(
      ['VF 1 notified a used buffer on queue 0 with device status 0 (reset, not initialised again)']);
    expect(judge(noNotifyBeforeDriverOk, vf(3), [used])).toEqual(
      ['VF 1 notified a used buffer on queue 0 with device status 0x3, before DRIVER_OK']);
    expect(judge(noNotifyBeforeDriverOk, vf(15), [used])).toEqual([]);
  });

  it('a configuration change at status 0 is a violation; once the driver began initialising it is not', () => {
    expect(judge(noNotifyBeforeDriverOk, vf(0), [config])).toHaveLength(1);
    expect(judge(noNotifyBeforeDriverOk, vf(1), [config])).toEqual([]);
  });

  it('judges the PF by its own status and the mmio device by its Status register', () => {
    const reset = stateAfter({ mmio: {} }, [{ op: 'pf.reset' }]);
    expect(judge(noNotifyBeforeDriverOk, reset, [{ type: 'irq/raised', fn: 0, source: 'config' }])).toEqual(
      ['the PF notified a configuration change with device status 0 (reset, not initialised again)']);
    expect(judge(noNotifyBeforeDriverOk, stateAfter({ mmio: {} }, []), [{ type: 'irq/raised', fn: 0, source: 2 }]))
      .toEqual([]);
    expect(judge(noNotifyBeforeDriverOk, vf(0), [{ type: 'mmio/raised', source: 0 }])).toHaveLength(1);
    const up = stateAfter({ mmio: {} }, [{ op: 'mmio.write', offset: 0x70, value: 15 }]);
    expect(judge(noNotifyBeforeDriverOk, up, [{ type: 'mmio/raised', source: 0 }])).toEqual([]);
  });
});
