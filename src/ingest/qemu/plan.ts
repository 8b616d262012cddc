/**
 * A QEMU log's plan (docs/capture-format.md#qemu-trace-log): who each device is (the function map),
 * the steps the planner (./planner.ts) makes of its lines, and what the run assumes about the
 * start (the PF initialised, SR-IOV enabled, each VF bound to vfio).
 */
import {
  VIRTIO_CONFIG_S_ACKNOWLEDGE,
  VIRTIO_CONFIG_S_DRIVER,
  VIRTIO_CONFIG_S_DRIVER_OK,
} from '../../domain/spec/constants.js';
import { functionMap } from '../fnmap.js';
import type { Plan } from '../plan.js';
import type { Assumption } from '../steps.js';
import type { QemuRecord } from './events.js';
import type { QemuParse } from './parse.js';
import { QemuPlanner } from './planner.js';

function deviceName(r: QemuRecord): string | null {
  return r.ev === 'virtio_set_status' ? null : r.dev;
}

/**
 * Plan a parsed QEMU log. `userMap`: `--map` entries. Start state (assumptions): the PF is
 * initialised; without SR-IOV lines, SR-IOV is enabled with as many VFs as the highest VF named,
 * each bound to a vfio driver (the guest owns it).
 */
export function planQemu(parse: QemuParse, userMap?: ReadonlyMap<string, number>): Plan {
  const names: string[] = [];
  const firstLine = new Map<string, number>();
  const pfs = new Set<string>();
  const vdevs = new Set<string>();
  let pbaTraced = false;
  for (const { line, rec } of parse.records) {
    const n = deviceName(rec);
    if (n !== null && !firstLine.has(n)) {
      names.push(n);
      firstLine.set(n, line);
    }
    if (rec.ev.startsWith('sriov_') && n !== null) pfs.add(n);
    if (rec.ev === 'virtio_set_status') vdevs.add(rec.vdev);
    if (rec.ev === 'vfio_msix_pba_enable' || rec.ev === 'vfio_msix_pba_disable') pbaTraced = true;
  }
  const map = functionMap(names, pfs, userMap);
  // virtio_set_status names a QEMU-emulated device by a host pointer: it is the PF only when the
  // capture has exactly one emulated SR-IOV PF and one such device.
  const statusDev = pfs.size === 1 && vdevs.size === 1 ? [...vdevs][0]! : null;
  const p = new QemuPlanner(map, pbaTraced, statusDev, { ...parse.ignored });
  for (const { line, rec } of parse.records) p.feed(line, rec);
  const bind: { fn: number; line: number }[] = [];
  const assumptions: Assumption[] = [];
  let highest = 0;
  let highestLine: number | null = null;
  for (const [n, fn] of [...map].sort((a, b) => a[1] - b[1])) {
    if (fn === 0 || pfs.has(n)) continue;
    const line = firstLine.get(n)!;
    bind.push({ fn, line });
    assumptions.push({
      what: `${n} is VF ${fn}, bound to Linux's vfio virtio driver (a guest owns it)`,
      value: 'virtio-vfio-pci',
      line,
    });
    if (fn > highest) {
      highest = fn;
      highestLine = line;
    }
  }
  if (pfs.size === 0) {
    p.cal.first(
      'pfInitialized',
      true,
      null,
      'PF driver bring-up done: DRIVER_OK, LIST_QUERY and LIST_USE (a vfio log does not show the PF)',
    );
    if (highest > 0)
      p.cal.first('numVFs', highest, highestLine, 'SR-IOV enabled with NumVFs at least the highest VF named');
    if (highest > 8) p.cal.first('totalVFs', highest, highestLine, 'TotalVFs at least the highest VF named');
  }
  if (statusDev !== null)
    assumptions.push({
      what: 'virtio_set_status names the PF (the only emulated SR-IOV PF)',
      value: statusDev,
      line: null,
    });
  return {
    format: 'qemu-log',
    steps: p.steps,
    calibration: p.cal,
    bind,
    assumptions,
    map,
    lines: parse.lines,
    used: p.used,
    ignored: p.ignored,
    unknown: parse.unknown,
    pbaDeliveriesLogged: false,
    maskActor: 'host',
    // The guest drives the VF's legacy interface, which has no FEATURES_OK.
    runningStatus: VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_DRIVER_OK,
  };
}
