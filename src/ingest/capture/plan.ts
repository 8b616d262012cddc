/**
 * A vtwin-capture's plan (docs/capture-format.md#what-each-record-becomes): the header's device
 * fields and functions, what the run assumes about the start (the PF initialised or shown from
 * reset, VFs named before SR-IOV is enabled), and the steps the planner (./planner.ts) makes.
 */
import {
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_CONFIG_S_ACKNOWLEDGE,
  VIRTIO_CONFIG_S_DRIVER,
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_FEATURES_OK,
} from '../../domain/spec/constants.js';
import { fromHex } from '../../util/hex.js';
import { decodeAdminHeader } from '../../wire/adminCmd.js';
import type { FnMap } from '../fnmap.js';
import type { Plan } from '../plan.js';
import type { CaptureParse } from './parse.js';
import { CapturePlanner, fnNo } from './planner.js';

const RUNNING_STATUS =
  VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK;

/** Functions a record names before VF Enable is first set: VFs the capture assumes already exist. */
function namedBeforeEnable(p: CaptureParse): { highest: number; line: number | null; pfReset: number | null } {
  let highest = 0;
  let line: number | null = null;
  let pfReset: number | null = null;
  let submitted = false;
  for (const { line: l, rec } of p.records) {
    if (rec.type === 'sriov.control' && (rec.vfEnable ?? (rec.value & 1) !== 0)) break;
    if (!submitted && rec.type === 'aq.submit') submitted = true;
    const isReset = (rec.type === 'status.write' && rec.value === 0) || rec.type === 'reset';
    if (!submitted && isReset && rec.fn === 'pf' && pfReset === null) pfReset = l;
    let vf = 'fn' in rec && rec.fn !== 'pf' ? fnNo(rec.fn) : 0;
    if (rec.type === 'aq.submit') {
      const h = decodeAdminHeader(fromHex(rec.cmd));
      if (h.groupType === VIRTIO_ADMIN_GROUP_TYPE_SRIOV && h.member > 0 && h.member <= 0xffff) vf = h.member;
    }
    if (vf > highest) {
      highest = vf;
      line = l;
    }
  }
  return { highest, line, pfReset };
}

/**
 * `userExt`: the user's `--device` extOpcodes, which win over the header's: where the device numbers
 * the extensions the twin knows (LIST_QUERY is read there, and the run's device uses them).
 */
export function planCaptureRecords(p: CaptureParse, userExt?: Record<string, number>): Plan {
  const dev = p.header.device;
  const extOpcodes = userExt ?? dev.extOpcodes ?? {};
  const planner = new CapturePlanner(dev.msixCap ?? null, { ...p.ignored }, extOpcodes);
  const cal = planner.cal;
  for (const key of [
    'deviceType',
    'totalVFs',
    'adminQueues',
    'aqDepth',
    'vfQueues',
    'legacyQueueSize',
    'vfMsixVectors',
  ] as const) {
    const v = dev[key];
    if (v !== undefined) cal.first(key, v, p.headerLine, `${key} (capture header)`);
  }
  const start = namedBeforeEnable(p);
  // A PF reset before any admin command: the capture shows the PF driver's bring-up itself.
  const shown = start.pfReset !== null;
  const bringUp = shown ? 'no: the capture shows its driver bring it up from reset' : 'DRIVER_OK, LIST_QUERY, LIST_USE';
  cal.first('pfInitialized', !shown, start.pfReset, `PF initialised before the capture starts (${bringUp})`);
  if (start.highest > 0 && !shown) {
    const what = 'SR-IOV enabled before the capture starts, NumVFs at least the highest VF named';
    cal.first('numVFs', start.highest, start.line, what);
  }
  for (const { line, rec } of p.records) planner.feed(line, rec);
  const map: FnMap = new Map();
  for (const [fn, addr] of Object.entries(p.header.functions ?? {})) map.set(addr, fnNo(fn));
  return {
    format: 'vtwin-capture',
    steps: planner.steps,
    calibration: cal,
    bind: [],
    assumptions:
      dev.extOpcodes && !userExt
        ? [{ what: 'extOpcodes (capture header)', value: JSON.stringify(dev.extOpcodes), line: p.headerLine }]
        : [],
    ...(dev.extOpcodes && !userExt ? { extOpcodes: dev.extOpcodes } : {}),
    map,
    lines: p.lines,
    used: planner.used + 1,
    ignored: planner.ignored,
    unknown: p.unknown,
    pbaDeliveriesLogged: true,
    maskActor: 'device',
    // A driver that negotiated features, as `vf.status` 15 writes it.
    runningStatus: RUNNING_STATUS,
  };
}
