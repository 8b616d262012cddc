/**
 * QEMU log lines -> steps (docs/capture-format.md#what-each-qemu-event-becomes). The planner keeps a
 * small shadow of what the guest did (MSI-X Enable, Function Mask, which entries it unmasked, its
 * queue select), so it can tell a guest's action from QEMU's reaction to an earlier one: a
 * `vfio_msix_vector_release` after a Message Control write that set the Function Mask is QEMU
 * following that write, not the guest masking an entry.
 */
import {
  VIRTIO_PCI_CONFIG_OFF,
  VIRTIO_PCI_HOST_FEATURES,
  VIRTIO_PCI_QUEUE_NUM,
  VIRTIO_PCI_QUEUE_SEL,
  VIRTIO_PCI_STATUS,
} from '../../domain/spec/legacy.js';
import {
  PCI_MSIX_FLAGS_ENABLE as MC_ENABLE,
  PCI_MSIX_FLAGS_MASKALL as MC_FMASK,
  PCI_MSIX_FLAGS_QSIZE as MC_TABLE,
} from '../../domain/spec/pci.js';
import { Calibration } from '../calibrate.js';
import { bump } from '../counts.js';
import type { FnMap } from '../fnmap.js';
import type { Step } from '../steps.js';
import type { QemuRecord } from './events.js';

/** SR-IOV capability registers, relative to the capability (PCI SR-IOV). */
const SRIOV_CONTROL = 0x08;
const SRIOV_NUM_VFS = 0x10;
/** BAR0 size of a VF's virtual I/O BAR: 24-byte header + device config (net 8, blk 36). */
const BAR0_NET = 0x20;
const BAR0_BLK = 0x3c;

interface Dev {
  fn: number;
  /** MSI-X capability offset (vfio_msix_early_setup), null until known. */
  cap: number | null;
  enabled: boolean;
  fmask: boolean;
  /** Entries the guest unmasked (entries reset masked). */
  unmasked: Set<number>;
  queueSel: number;
  /** vfio_msix_pba_enable seen: the next message is one QEMU pended. */
  pba: boolean;
}

export class QemuPlanner {
  readonly steps: Step[] = [];
  readonly cal = new Calibration();
  readonly ignored: Record<string, number>;
  used = 0;
  private readonly devs = new Map<string, Dev>();
  private numVFs = 0;
  private vfEnable = false;

  /**
   * `pbaTraced` and `statusDev` are facts about the whole capture (./plan.ts CaptureFacts); the
   * one-pass planner (./onePass.ts) may set them before the first line that depends on them.
   */
  constructor(
    private readonly map: FnMap,
    public pbaTraced: boolean,
    public statusDev: string | null,
    ignored: Record<string, number>,
  ) {
    this.ignored = ignored;
  }

  /** The last device looked up (lines come in runs on one device: see CaptureFacts.see). */
  private lastName: string | null = null;
  private lastDev: Dev | null = null;

  private dev(name: string): Dev {
    if (name === this.lastName) return this.lastDev!;
    let d = this.devs.get(name);
    if (!d)
      this.devs.set(
        name,
        (d = {
          fn: this.map.get(name)!,
          cap: null,
          enabled: false,
          fmask: false,
          unmasked: new Set(),
          queueSel: 0,
          pba: false,
        }),
      );
    this.lastName = name;
    this.lastDev = d;
    return d;
  }

  feed(line: number, r: QemuRecord): void {
    if (this.apply(line, r)) this.used++;
    else bump(this.ignored, r.ev);
  }

  private push(s: Step): true {
    this.steps.push(s);
    return true;
  }

  /** Plan one record; false when the line carries nothing the twin models. */
  private apply(line: number, r: QemuRecord): boolean {
    switch (r.ev) {
      case 'vfio_region_write':
      case 'vfio_region_read':
        return this.bar0(line, r);
      case 'vfio_pci_write_config':
      case 'vfio_pci_read_config':
        return this.config(line, r);
      case 'vfio_msix_early_setup': {
        const d = this.dev(r.dev);
        d.cap = r.pos;
        const key = d.fn === 0 ? 'pfMsixVectors' : 'vfMsixVectors';
        this.cal.first(
          key,
          r.entries,
          line,
          `MSI-X Table Size of ${d.fn === 0 ? 'the PF' : 'each VF'} (vfio_msix_early_setup)`,
        );
        if (r.noresize !== null)
          this.cal.first(
            'hostResize',
            r.noresize ? 'disable-reenable' : 'dynamic',
            line,
            'how the host grows vectors (noresize)',
          );
        return true;
      }
      case 'vfio_region_setup': {
        const d = this.dev(r.dev);
        const type = r.size === BAR0_NET ? 'net' : r.size === BAR0_BLK ? 'blk' : null;
        if (r.index !== 0 || d.fn === 0 || type === null) return false;
        this.cal.first('deviceType', type, line, `device type (virtual I/O BAR0 of 0x${r.size.toString(16)} bytes)`);
        return true;
      }
      case 'vfio_msix_enable':
      case 'vfio_msix_disable': {
        // Normally the Message Control write already said so; without config tracing this is the news.
        const d = this.dev(r.dev);
        const on = r.ev === 'vfio_msix_enable';
        if (d.enabled !== on) this.push({ k: 'msix', line, fn: d.fn, op: on ? 'enable' : 'disable' });
        d.enabled = on;
        return true;
      }
      case 'vfio_msix_vector_do_use':
      case 'vfio_msix_vector_release':
        return this.entry(line, r.dev, r.index, r.ev === 'vfio_msix_vector_do_use');
      case 'vfio_msix_pba_enable':
        this.dev(r.dev).pba = true;
        return true;
      case 'vfio_msix_pba_disable':
        // Proves the pba events are traced; QEMU logs it after every use with nothing pending.
        return true;
      case 'vfio_msi_interrupt': {
        const d = this.dev(r.dev);
        this.push({ k: 'irq', line, fn: d.fn, vector: r.index, source: null, pending: this.pbaTraced ? d.pba : null });
        d.pba = false;
        return true;
      }
      case 'sriov_config_write':
        return this.sriov(line, r.offset, r.val);
      case 'sriov_register_vfs':
        return this.push({ k: 'vfsCreated', line, numVFs: r.numVfs });
      case 'virtio_set_status':
        return r.vdev === this.statusDev ? this.push({ k: 'pfStatus', line, value: r.val & 0xff }) : false;
    }
  }

  private bar0(line: number, r: Extract<QemuRecord, { ev: 'vfio_region_write' | 'vfio_region_read' }>): boolean {
    const d = this.dev(r.dev);
    if (r.index !== 0 || d.fn === 0) return false;
    const write = r.ev === 'vfio_region_write';
    this.steps.push({ k: 'io', line, fn: d.fn, write, offset: r.addr, size: r.size, value: r.data });
    if (write) {
      if (r.addr === VIRTIO_PCI_QUEUE_SEL && r.size === 2) d.queueSel = r.data;
      if (r.addr === VIRTIO_PCI_STATUS && r.size === 1 && r.data === 0) d.queueSel = 0;
      return true;
    }
    this.calibrateRead(line, d, r.addr, r.size, r.data);
    return true;
  }

  /** Device-defined values a BAR0 read shows for the first time. */
  private calibrateRead(line: number, d: Dev, off: number, size: number, data: number): void {
    if (off === VIRTIO_PCI_HOST_FEATURES && size === 4) {
      this.cal.first(
        'legacyFeatures',
        data,
        line,
        'device features bits 0-31 (legacy BAR0 offset 0)',
        `0x${data.toString(16)}`,
      );
    } else if (off === VIRTIO_PCI_QUEUE_NUM && size === 2 && data !== 0) {
      this.cal.first('legacyQueueSize', data, line, 'queue size (legacy BAR0 offset 12)');
      this.cal.atLeast('vfQueues', d.queueSel + 1, line, 'virtqueues per VF (the highest queue with a size, + 1)');
    }
    const cfg = VIRTIO_PCI_CONFIG_OFF(d.enabled);
    for (let i = 0; i < size; i++) {
      const at = off + i - cfg;
      if (at >= 0 && at < 6 && this.cal.valueOf('deviceType') !== 'blk')
        this.cal.macByte(d.fn, at, Math.floor(data / 2 ** (8 * i)), line);
    }
  }

  private config(
    line: number,
    r: Extract<QemuRecord, { ev: 'vfio_pci_write_config' | 'vfio_pci_read_config' }>,
  ): boolean {
    const d = this.dev(r.dev);
    if (d.cap === null) return false;
    // Message Control: a 16-bit access at cap + 2, or the high half of a 32-bit one at cap.
    let value: number;
    if (r.addr === d.cap + 2 && r.len === 2) value = r.val & 0xffff;
    else if (r.addr === d.cap && r.len === 4) value = r.val >>> 16;
    else return false;
    if (r.ev === 'vfio_pci_read_config') {
      const key = d.fn === 0 ? 'pfMsixVectors' : 'vfMsixVectors';
      this.cal.first(key, (value & MC_TABLE) + 1, line, 'MSI-X Table Size (Message Control)');
      this.steps.push({ k: 'msixRead', line, fn: d.fn, value });
      return true;
    }
    const en = (value & MC_ENABLE) !== 0;
    const fm = (value & MC_FMASK) !== 0;
    // Linux sets Enable together with Function Mask, then clears the mask: mask first, unmask last.
    if (fm && !d.fmask) this.steps.push({ k: 'msix', line, fn: d.fn, op: 'fmask' });
    if (en !== d.enabled) this.steps.push({ k: 'msix', line, fn: d.fn, op: en ? 'enable' : 'disable' });
    if (!fm && d.fmask) this.steps.push({ k: 'msix', line, fn: d.fn, op: 'funmask' });
    d.enabled = en;
    d.fmask = fm;
    return true;
  }

  /**
   * QEMU logs do_use when an entry becomes deliverable in its emulation and release when it stops
   * being so. One that follows from the Enable / Function Mask state the planner already has is
   * QEMU's reaction (or, before QEMU 8.2, an artefact of enabling); otherwise the guest wrote the
   * entry's mask bit.
   */
  private entry(line: number, name: string, vector: number, use: boolean): boolean {
    const d = this.dev(name);
    const deliverable = d.enabled && !d.fmask && d.unmasked.has(vector);
    if (use === deliverable || !d.enabled || d.fmask) return true;
    this.steps.push({ k: 'msix', line, fn: d.fn, op: use ? 'unmask' : 'mask', vector });
    if (use) d.unmasked.add(vector);
    else d.unmasked.delete(vector);
    return true;
  }

  private sriov(line: number, offset: number, val: number): boolean {
    if (offset === SRIOV_NUM_VFS) {
      this.numVFs = val & 0xffff;
      return true;
    }
    if (offset !== SRIOV_CONTROL) return false;
    const vfe = (val & 1) !== 0;
    if (vfe && !this.vfEnable) this.steps.push({ k: 'sriov', line, op: 'enable', numVFs: this.numVFs });
    if (!vfe && this.vfEnable) this.steps.push({ k: 'sriov', line, op: 'disable', numVFs: 0 });
    this.vfEnable = vfe;
    return true;
  }
}
