/**
 * `vtwin ingest` plans a QEMU log in one pass (src/ingest/qemu/onePass.ts): the plan is the one the
 * two passes (parse every line, then plan) give, also when a later line changes what the earlier
 * ones were planned with: a device named late that renumbers the VFs, pba tracing seen after a
 * message, the PF identified after a virtio_set_status line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError, InputError } from '../../../src/errors.js';
import { planQemuLog } from '../../../src/ingest/qemu/onePass.js';
import { parseQemuLog } from '../../../src/ingest/qemu/parse.js';
import { planQemu } from '../../../src/ingest/qemu/plan.js';
import type { Plan } from '../../../src/ingest/plan.js';
import { syntheticQemuLog } from '../../../tools/bench/qemuLog.js';

const FIXTURES = path.join(__dirname, '../../fixtures/captures');

/** The one-pass plan, checked against the two passes (ignored counts in the same order too). */
function plan(text: string, map?: ReadonlyMap<string, number>): Plan {
  const one = planQemuLog(text, 'x.log', {}, map);
  const two = planQemu(parseQemuLog(text, 'x.log'), map);
  expect(one).toEqual(two);
  expect(Object.entries(one.ignored)).toEqual(Object.entries(two.ignored));
  return one;
}

const write = (dev: string, v: number) => `vfio_region_write  (${dev}:region0+0x10, 0x${v}, 2)`;
const irq = (dev: string, v: number) => `vfio_msi_interrupt  (${dev}) vector ${v} 0xfee01000/0x23`;

describe('QEMU log: one-pass plan', () => {
  it('plans every capture fixture and the bench log as the two passes do', () => {
    const logs = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.log'));
    expect(logs.length).toBeGreaterThan(4);
    for (const f of logs) plan(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    expect(plan(syntheticQemuLog(3000)).steps.length).toBeGreaterThan(2000);
  });

  it('a VF named late at a lower PCI address renumbers the VFs planned before it', () => {
    const p = plan([write('0000:65:00.2', 0), irq('0000:65:00.2', 1), write('0000:65:00.1', 1), ''].join('\n'));
    expect(p.steps.map((s) => ('fn' in s ? s.fn : null))).toEqual([2, 2, 1]);
    expect(p.map).toEqual(
      new Map([
        ['0000:65:00.1', 1],
        ['0000:65:00.2', 2],
      ]),
    );
  });

  it('pba tracing seen after a message makes that message one whose pending bit is known', () => {
    const p = plan([irq('0000:65:00.1', 1), 'vfio_msix_pba_disable  (0000:65:00.1)', ''].join('\n'));
    expect(p.steps).toEqual([{ k: 'irq', line: 1, fn: 1, vector: 1, source: null, pending: false }]);
  });

  it('a virtio_set_status line before the SR-IOV line naming the PF is the PF status', () => {
    const p = plan(
      [
        'virtio_set_status vdev 0x55d7e1c3a5e0 val 15',
        'sriov_config_write virtio-net-pci 00:0: sriov offset 0x10 val 0x4 len 2',
        '',
      ].join('\n'),
    );
    expect(p.steps).toEqual([{ k: 'pfStatus', line: 1, value: 15 }]);
  });

  it('--map entries: applied as the two passes apply them; one naming no device is refused the same way', () => {
    const text = [write('0000:65:00.2', 0), write('0000:65:00.1', 1), ''].join('\n');
    const p = plan(text, new Map([['0000:65:00.1', 3]]));
    expect(p.steps.map((s) => ('fn' in s ? s.fn : null))).toEqual([1, 3]);
    const absent = new Map([['0000:65:00.7', 2]]);
    expect(() => planQemuLog(text, 'x.log', {}, absent)).toThrow(InputError);
    expect(() => planQemuLog(text, 'x.log', {}, absent)).toThrow(/"0000:65:00\.7" does not appear in the capture/);
  });

  it('a malformed line after a renumbering is still reported at its line', () => {
    const text = [write('0000:65:00.2', 0), write('0000:65:00.1', 1)];
    text.push('vfio_msi_interrupt  (0000:65:00.1) vector 1');
    const run = () => planQemuLog(text.join('\n'), 'x.log');
    expect(run).toThrow(CaptureError);
    expect(run).toThrow('x.log:3: vfio_msi_interrupt.index: expected " " to follow');
  });
});
