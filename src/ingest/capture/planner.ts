/**
 * vtwin-capture records -> steps (docs/capture-format.md#what-each-record-becomes). Functions are
 * named directly (`pf`, `vfN`); the header's `functions` gives their PCI addresses for the report.
 * Device-defined values the header does not give are calibrated from the first completion that
 * shows them: LIST_QUERY's opcode bitmap, legacy reads of the features, queue sizes and MAC.
 */
import { opcodeByName } from '../../domain/device.js';
import {
  VIRTIO_ADMIN_CMD_LIST_QUERY,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_OK,
} from '../../domain/spec/constants.js';
import {
  VIRTIO_PCI_HOST_FEATURES,
  VIRTIO_PCI_QUEUE_NUM,
  VIRTIO_PCI_QUEUE_SEL,
  VIRTIO_PCI_STATUS,
} from '../../domain/spec/legacy.js';
import { fromHex } from '../../util/hex.js';
import { readLe } from '../../wire/bytes.js';
import { commandData, decodeAdminHeader } from '../../wire/adminCmd.js';
import {
  PCI_MSIX_FLAGS_ENABLE as MC_ENABLE,
  PCI_MSIX_FLAGS_MASKALL as MC_FMASK,
  PCI_MSIX_FLAGS_QSIZE as MC_TABLE,
} from '../../domain/spec/pci.js';
import { Calibration } from '../calibrate.js';
import { bump, type Counts } from '../counts.js';
import type { Step } from '../steps.js';
import type { CaptureRecord } from './schema.js';


export const fnNo = (fn: string): number => (fn === 'pf' ? 0 : Number(fn.slice(2)));

interface Submitted {
  opcode: number;
  group: number;
  member: number;
  data: Uint8Array;
  resultBytes: number;
}

interface FnShadow {
  enabled: boolean;
  fmask: boolean;
  entry: Map<number, { addrLo: number; addrHi: number; data: number }>;
  queueSel: number;
}
export class CapturePlanner {
  readonly steps: Step[] = [];
  readonly cal = new Calibration();
  used = 0;
  private readonly fns = new Map<number, FnShadow>();
  private readonly submitted = new Map<string, Submitted>();
  private numVFs = 0;
  private vfEnable = false;

  constructor(
    private readonly msixCap: number | null,
    readonly ignored: Counts,
    /** Where the device numbers the extensions (`--device` extOpcodes): LIST_QUERY is read there. */
    private readonly extOpcodes: Record<string, number> = {},
  ) {}

  private fn(n: number): FnShadow {
    let f = this.fns.get(n);
    if (!f) this.fns.set(n, (f = { enabled: false, fmask: false, entry: new Map(), queueSel: 0 }));
    return f;
  }

  feed(line: number, r: CaptureRecord): void {
    if (this.apply(line, r)) this.used++;
    else bump(this.ignored, `${r.type}${r.type === 'reset' && r.fn !== 'pf' ? ' (VF)' : ''}`);
  }

  private apply(line: number, r: CaptureRecord): boolean {
    const push = (s: Step): true => (this.steps.push(s), true);
    switch (r.type) {
      case 'aq.submit':
        return this.submit(line, r);
      case 'aq.complete':
        this.learn(line, r);
        return push({
          k: 'complete',
          line,
          queue: r.queue,
          id: String(r.id),
          status: r.status,
          qualifier: r.qualifier,
          result: r.result,
          usedLen: r.usedLen,
        });
      case 'sriov.numVFs':
        this.numVFs = r.value;
        return true;
      case 'sriov.control': {
        const vfe = r.vfEnable ?? (r.value & 1) !== 0;
        if (vfe && !this.vfEnable) push({ k: 'sriov', line, op: 'enable', numVFs: this.numVFs });
        if (!vfe && this.vfEnable) push({ k: 'sriov', line, op: 'disable', numVFs: 0 });
        this.vfEnable = vfe;
        return true;
      }
      // A VF's reset other than a status write (FLR) is not modelled: counted, not replayed.
      case 'reset':
        return r.fn === 'pf' && push({ k: 'pfReset', line });
      // A VF's status records are its own driver's (`vf.status`); through the legacy admin
      // commands the capture shows them as those commands instead.
      case 'status.write':
        return push(
          r.fn === 'pf'
            ? { k: 'pfStatus', line, value: r.value }
            : { k: 'vfStatus', line, fn: fnNo(r.fn), value: r.value },
        );
      case 'status.read':
        return push(
          r.fn === 'pf'
            ? { k: 'pfStatusRead', line, value: r.value }
            : { k: 'vfStatusRead', line, fn: fnNo(r.fn), value: r.value },
        );
      case 'config':
        return this.config(line, r);
      case 'bar':
        return (
          r.op === 'write' &&
          r.size === 2 &&
          push({ k: 'notify', line, fn: fnNo(r.fn), bar: r.bar, offset: r.offset, value: r.value })
        );
      case 'msix.control':
        return this.control(line, fnNo(r.fn), r.value);
      case 'msix.entry':
        return this.entry(line, fnNo(r.fn), r.entry, r.field, r.value);
      case 'msix.map':
        return push({
          k: 'map',
          line,
          fn: fnNo(r.fn),
          source: r.source,
          vector: r.vector,
          readBack: r.readBack ?? null,
        });
      case 'msix.pba':
        return push({ k: 'pbaRead', line, fn: fnNo(r.fn), word: r.word, value: r.value });
      case 'interrupt':
        return push({
          k: 'irq',
          line,
          fn: fnNo(r.fn),
          vector: r.vector ?? null,
          source: r.source ?? null,
          pending: r.pending ?? false,
        });
    }
  }

  private submit(line: number, r: Extract<CaptureRecord, { type: 'aq.submit' }>): boolean {
    const req = fromHex(r.cmd);
    const h = decodeAdminHeader(req);
    const data = commandData(req);
    const s: Submitted = { opcode: h.opcode, group: h.groupType, member: h.member, data, resultBytes: r.writable - 8 };
    this.submitted.set(`${r.queue}:${r.id}`, s);
    // A legacy write of the queue select (or a reset) moves the VF's selected queue.
    if (h.opcode === 0x2 && data.length > 8) {
      if (data[0] === VIRTIO_PCI_QUEUE_SEL) this.fn(h.member).queueSel = readLe(data, 8, Math.min(2, data.length - 8));
      if (data[0] === VIRTIO_PCI_STATUS && data[8] === 0) this.fn(h.member).queueSel = 0;
    }
    this.steps.push({ k: 'submit', line, queue: r.queue, id: String(r.id), raw: r.cmd, resultBytes: r.writable - 8 });
    return true;
  }

  /** Calibration from a completion: LIST_QUERY's bitmap, legacy reads of device-defined registers. */
  private learn(line: number, r: Extract<CaptureRecord, { type: 'aq.complete' }>): void {
    const s = this.submitted.get(`${r.queue}:${r.id}`);
    if (!s || r.status !== VIRTIO_ADMIN_STATUS_OK) return;
    const result = fromHex(r.result);
    if (s.opcode === VIRTIO_ADMIN_CMD_LIST_QUERY && s.group === VIRTIO_ADMIN_GROUP_TYPE_SRIOV)
      return this.opcodes(line, result);
    const offset = s.data[0] ?? 0;
    if (s.opcode === 0x3 && offset === VIRTIO_PCI_HOST_FEATURES && result.length >= 4) {
      const v = readLe(result, 0, 4);
      this.cal.first(
        'legacyFeatures',
        v,
        line,
        'device features bits 0-31 (legacy read of offset 0)',
        `0x${v.toString(16)}`,
      );
    } else if (s.opcode === 0x3 && offset === VIRTIO_PCI_QUEUE_NUM && result.length >= 2) {
      const v = readLe(result, 0, 2);
      if (v !== 0) {
        this.cal.first('legacyQueueSize', v, line, 'queue size (legacy read of offset 12)');
        this.cal.atLeast(
          'vfQueues',
          this.fn(s.member).queueSel + 1,
          line,
          'virtqueues per VF (the highest queue with a size, + 1)',
        );
      }
    } else if (s.opcode === 0x5) {
      for (let i = 0; i < result.length; i++)
        if (offset + i < 6) this.cal.macByte(s.member, offset + i, result[i]!, line);
    }
  }

  /** The first SR-IOV LIST_QUERY says which optional opcode families the device has. */
  private opcodes(line: number, bitmap: Uint8Array): void {
    const has = (op: number): boolean | null =>
      op < bitmap.length * 8 ? ((bitmap[op >> 3] ?? 0) & (1 << (op & 7))) !== 0 : null;
    const family = (ops: number[]): boolean | null => {
      const seen = ops.map(has);
      if (seen.some((v) => v === null)) return null;
      return seen.every(Boolean) ? true : seen.every((v) => !v) ? false : null;
    };
    const legacy = family([0x2, 0x3, 0x4, 0x5]);
    if (legacy !== null) this.cal.first('legacy', legacy, line, 'legacy CFG commands 0x2-0x5 offered (LIST_QUERY)');
    const notify = has(0x6);
    if (legacy && notify !== null)
      this.cal.first('legacyNotifyInfo', notify, line, 'LEGACY_NOTIFY_INFO offered (LIST_QUERY)');
    const at = (name: string): number => opcodeByName(name, { extOpcodes: this.extOpcodes })!;
    const prov = family([at('VTWIN_EXT_VF_MSIX_SET'), at('VTWIN_EXT_VF_MSIX_GET')]);
    if (prov !== null)
      this.cal.first('vfMsixProvisioning', prov, line, 'VF MSI-X provisioning extension offered (LIST_QUERY)');
    const net = has(at('EXT_NET_ADMIN_CTRL'));
    if (net !== null)
      this.cal.first('netAdminCtrl', net, line, 'virtio-net admin control extension offered (LIST_QUERY)');
  }

  private config(line: number, r: Extract<CaptureRecord, { type: 'config' }>): boolean {
    if (this.msixCap === null) return false;
    let value: number;
    if (r.offset === this.msixCap + 2 && r.size === 2) value = r.value & 0xffff;
    else if (r.offset === this.msixCap && r.size === 4) value = r.value >>> 16;
    else return false;
    const fn = fnNo(r.fn);
    if (r.op === 'write') return this.control(line, fn, value);
    this.cal.first(
      fn === 0 ? 'pfMsixVectors' : 'vfMsixVectors',
      (value & MC_TABLE) + 1,
      line,
      'MSI-X Table Size (Message Control read)',
    );
    this.steps.push({ k: 'msixRead', line, fn, value });
    return true;
  }

  private control(line: number, fn: number, value: number): boolean {
    const f = this.fn(fn);
    const en = (value & MC_ENABLE) !== 0;
    const fm = (value & MC_FMASK) !== 0;
    if (fm && !f.fmask) this.steps.push({ k: 'msix', line, fn, op: 'fmask' });
    if (en !== f.enabled) this.steps.push({ k: 'msix', line, fn, op: en ? 'enable' : 'disable' });
    if (!fm && f.fmask) this.steps.push({ k: 'msix', line, fn, op: 'funmask' });
    f.enabled = en;
    f.fmask = fm;
    return true;
  }

  private entry(
    line: number,
    fn: number,
    vector: number,
    field: 'addrLo' | 'addrHi' | 'data' | 'vectorControl',
    value: number,
  ): boolean {
    if (field === 'vectorControl') {
      this.steps.push({ k: 'msix', line, fn, op: (value & 1) !== 0 ? 'mask' : 'unmask', vector });
      return true;
    }
    const f = this.fn(fn);
    const e = f.entry.get(vector) ?? { addrLo: 0, addrHi: 0, data: 0 };
    e[field] = value;
    f.entry.set(vector, e);
    this.steps.push({ k: 'program', line, fn, vector, ...e });
    return true;
  }
}
