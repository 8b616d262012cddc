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
import type { Counts } from '../counts.js';
import { functionMap, type FnMap } from '../fnmap.js';
import type { Plan } from '../plan.js';
import type { Assumption } from '../steps.js';
import type { QemuRecord } from './events.js';
import type { QemuParse } from './parse.js';
import { QemuPlanner } from './planner.js';

/** What the plan needs to know about the whole capture before it plans a line. */
export class CaptureFacts {
  /** Device names in the order the capture first names them, and that first line. */
  readonly names: string[] = [];
  readonly firstLine = new Map<string, number>();
  /** Devices the capture shows to be SR-IOV PFs. */
  readonly pfs = new Set<string>();
  /** The emulated devices virtio_set_status names. */
  readonly vdevs = new Set<string>();
  /** vfio_msix_pba_enable/disable are traced: a message's pending bit is known. */
  pbaTraced = false;

  /**
   * The name the last record gave: lines come in runs on one device, and comparing a name with it
   * is cheaper than hashing each line's new copy of the name to look it up.
   */
  private last: string | null = null;

  /** Take in one record; true when it named a device or a PF not seen before. */
  see(line: number, rec: QemuRecord): boolean {
    // Read once: records come in a dozen shapes, so each read of a field is a lookup.
    const ev = rec.ev;
    if (ev === 'virtio_set_status') {
      this.vdevs.add(rec.vdev);
      return false;
    }
    let fresh = false;
    const n = rec.dev;
    if (n !== this.last && !this.firstLine.has(n)) {
      this.names.push(n);
      this.firstLine.set(n, line);
      fresh = true;
    }
    this.last = n;
    if ((ev === 'sriov_config_write' || ev === 'sriov_register_vfs') && !this.pfs.has(n)) {
      this.pfs.add(n);
      fresh = true;
    }
    if (ev === 'vfio_msix_pba_enable' || ev === 'vfio_msix_pba_disable') this.pbaTraced = true;
    return fresh;
  }

  /**
   * virtio_set_status names a QEMU-emulated device by a host pointer: it is the PF only when the
   * capture has exactly one emulated SR-IOV PF and one such device.
   */
  statusDev(): string | null {
    return this.pfs.size === 1 && this.vdevs.size === 1 ? [...this.vdevs][0]! : null;
  }
}

/**
 * Plan a parsed QEMU log. `userMap`: `--map` entries. Start state (assumptions): the PF is
 * initialised; without SR-IOV lines, SR-IOV is enabled with as many VFs as the highest VF named,
 * each bound to a vfio driver (the guest owns it).
 */
export function planQemu(parse: QemuParse, userMap?: ReadonlyMap<string, number>): Plan {
  const facts = new CaptureFacts();
  for (const { line, rec } of parse.records) facts.see(line, rec);
  const map = functionMap(facts.names, facts.pfs, userMap);
  const p = new QemuPlanner(map, facts.pbaTraced, facts.statusDev(), { ...parse.ignored });
  for (const { line, rec } of parse.records) p.feed(line, rec);
  return finishPlan(p, facts, map, parse);
}

/** The plan once every line is planned: bindings and start-state assumptions added. */
export function finishPlan(
  p: Pick<QemuPlanner, 'cal' | 'steps' | 'used' | 'ignored'>,
  facts: CaptureFacts,
  map: FnMap,
  parse: { lines: number; unknown: Counts },
): Plan {
  const { pfs } = facts;
  const statusDev = facts.statusDev();
  const bind: { fn: number; line: number }[] = [];
  const assumptions: Assumption[] = [];
  let highest = 0;
  let highestLine: number | null = null;
  for (const [n, fn] of [...map].sort((a, b) => a[1] - b[1])) {
    if (fn === 0 || pfs.has(n)) continue;
    const line = facts.firstLine.get(n)!;
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
