/**
 * The twin's state: plain, serialisable data (no classes, Maps or Dates), so it can be hashed,
 * snapshotted into a trace and diffed. Two regions:
 *
 * - the **core** (every top-level key but `fns`): PF status, the SR-IOV group, admin queues. Small.
 * - `fns[i]`: per-function state, index = function number (0 = PF, i = VF i = SR-IOV member id i).
 *   Preallocated for all TotalVFs so access is O(1) and per-event cost does not grow with VF count.
 *
 * Events declare which function they touch (`fn`), which lets the state hash be maintained
 * incrementally (src/engine/hash.ts). See README "Guarantees" (determinism).
 */
import type { DeviceConfig } from './config.js';
import { type AqState, initialAq } from './adminq/types.js';
import type { PfState } from './pf/types.js';
import { pfBootState } from './pf/status.js';
import type { SriovState, VfLife } from './sriov/types.js';
import type { MsixFnState } from './msix/types.js';
import { initialMsix } from './msix/vectors.js';
import { initialHostCore, initialHostFn, type HostCore, type HostFnState } from './host/types.js';
import { initialPool, type VfMsixPool } from './provision/types.js';
import type { MmioState } from './mmio/types.js';
import { initialMmio } from './mmio/msi.js';
import { initialLegacy, type LegacyFnState, type LegacyQueue } from './legacy/types.js';
import { initialMapper, initialMapperFn, type MapperFnState, type MapperState } from './mapper/types.js';
import { defaultMac, initialNet, initialNetCtl, type NetCtlState, type NetFnState } from './net/types.js';

/** Per-function state. Later aggregates (MSI-X, legacy, net, host) add their slice here. */
export interface FnState {
  /** Function number: 0 = PF, i = VF i. */
  fn: number;
  /** VF lifecycle; the PF is always alive with incarnation 1. */
  life: VfLife;
  /** MSI-X capability, table, PBA, virtio vector mapping and ISR. */
  msix: MsixFnState;
  /** The driver bound to the VF (null = none; a vfio driver = assigned to a guest). PF: always null. */
  driver: string | null;
  /** Host / VFIO side of a passthrough VF: host vectors, request_irq, resize window, IMS PASIDs. */
  host: HostFnState;
  /** Legacy register file reached through the legacy admin commands (VFs). */
  legacy: LegacyFnState;
  /** virtio-net control state (MAC, RX mode, tables, queue pairs, trust). */
  net: NetFnState;
  /** What the host mapper (vfio) learned about this VF at open: its notification address. */
  mapper: MapperFnState;
}

export interface TwinState {
  config: DeviceConfig;
  pf: PfState;
  sriov: SriovState;
  aq: AqState;
  /** VF MSI-X provisioning pool. */
  vfMsix: VfMsixPool;
  /** Host IRQ budget in use, VFs with an open resize window. */
  host: HostCore;
  /** The virtio-mmio device, when the config has one. */
  mmio: MmioState | null;
  /** Host mapper: VFs with guest I/O in progress, and tagged results. */
  mapper: MapperState;
  /** PF driver's net-control bookkeeping: barriers, ignored stale failures, cvq acks. */
  netCtl: NetCtlState;
  fns: FnState[];
}

/**
 * A function's state before it ever existed (VFs) or at power-on (PF). Aggregates that add a
 * slice to FnState initialise it here; `config` is passed so slices can size themselves.
 */
export function initialFn(config: DeviceConfig, fn: number): FnState {
  return freshFn(config, fn, fn === 0, fn === 0 ? 1 : 0);
}

/** A VF just created by VF Enable: fresh state, a new incarnation. */
export function createdFn(config: DeviceConfig, fn: number, incarnation: number): FnState {
  return freshFn(config, fn, true, incarnation);
}

/** A VF destroyed by VF Disable: nothing survives but the incarnation count. */
export function destroyedFn(config: DeviceConfig, fn: number, incarnation: number): FnState {
  return freshFn(config, fn, false, incarnation);
}

/**
 * VF Enable's VFs 1..numVFs of `fns`: createdFn(config, i, incarnation + 1) for each, built as
 * deep copies of one with their own number, MAC and incarnation (./net/types.ts initialNet; no
 * other part of a created VF depends on its number, which test/unit/domain/state.test.ts checks).
 * VF Enable builds 4096 of them in the bench's configs; copies are cheaper than createdFn per VF:
 * they read no config (a config is a new object per trace read, and V8 dropped the constructors'
 * optimised code along with the last one, so each fold built its VFs with unoptimised code), and
 * copyFn allocates each object once. VF Enable of 4096 VFs 1.1 -> 0.6 ms warm.
 */
export function enabledVfs(config: DeviceConfig, fns: FnState[], numVFs: number): void {
  if (numVFs < 1) return;
  const template = createdFn(config, 1, 1);
  for (let i = 1; i <= numVFs; i++) {
    const f = copyFn(template);
    f.fn = i;
    f.life.incarnation = fns[i]!.life.incarnation + 1;
    f.net.mac = config.vfMacs[String(i)] ?? defaultMac(i);
    fns[i] = f;
  }
}

/**
 * The three above, built with their `life` at once: a `life` made only to be replaced was garbage
 * for the young generation.
 */
function freshFn(config: DeviceConfig, fn: number, alive: boolean, incarnation: number): FnState {
  return {
    fn,
    life: { alive, incarnation },
    msix: initialMsix(config, fn),
    driver: null,
    host: initialHostFn(),
    legacy: initialLegacy(config, fn),
    net: initialNet(config, fn),
    mapper: initialMapperFn(),
  };
}

/**
 * The power-on state of the config. `sriovInUse` is the SR-IOV group's in-use opcode set after
 * the PF driver's probe, which depends on the device's opcode table: ./device.ts `initialState`
 * passes it.
 */
export function initialStateWith(config: DeviceConfig, sriovInUse: readonly number[]): TwinState {
  const fns: FnState[] = new Array(config.totalVFs + 1);
  // Built by initialFn's code, not copied as VF Enable's VFs are (enabledVfs): see copyFn.
  for (let i = 0; i <= config.totalVFs; i++) fns[i] = initialFn(config, i);
  return {
    config,
    pf: pfBootState(config),
    sriov: { numVFs: 0, vfEnable: false, epoch: 0 },
    aq: initialAq(config, sriovInUse),
    vfMsix: initialPool(config),
    host: initialHostCore(),
    mmio: initialMmio(config),
    fns,
    mapper: initialMapper(config.totalVFs + 1),
    netCtl: initialNetCtl(),
  };
}

/**
 * A deep copy of a function's state, keys in the same order, written out slice by slice rather
 * than walked generically (spread, for-in, a recursive call per object), which took ~3.5% of a fold
 * of the bench's 4096-VF interrupt trace. The literals must name every key of their type (the
 * compiler checks it: none is optional), in the order the slice's constructor writes them
 * (test/unit/domain/state.test.ts compares the JSON).
 *
 * Only VF Enable's VFs, which live as long as the run, are built here, and empty arrays (most of a
 * fresh VF's) are `[]` literals rather than slices: V8 then sees that what this code allocates
 * survives, allocates it straight in the old generation, and the young-generation collector no
 * longer copies 4096 functions twice per fold. Copying the power-on VFs too (they die at VF Enable)
 * spoiled that: the bench's interrupts fold / raw decode fell from a median 0.60 to 0.56 (6 runs).
 */
export function copyFn(f: FnState): FnState {
  const { life, msix: m, host: h, legacy: l, net: n, mapper } = f;
  return {
    fn: f.fn,
    life: { alive: life.alive, incarnation: life.incarnation },
    msix: { tableSize: m.tableSize, enabled: m.enabled, functionMask: m.functionMask, addrLo: copyList(m.addrLo),
      addrHi: copyList(m.addrHi), data: copyList(m.data), mask: m.mask.slice(), pba: m.pba.slice(),
      configVector: m.configVector, queueVectors: m.queueVectors.slice(), isr: m.isr },
    driver: f.driver,
    host: { alloc: copyList(h.alloc), req: copyList(h.req), resize: h.resize === null ? null
      : { vector: h.resize.vector, size: h.resize.size, tag: h.resize.tag }, stopped: h.stopped,
    pasid: copyList(h.pasid), imsPasid: copyList(h.imsPasid) },
    legacy: { driverFeatures: l.driverFeatures, queueSel: l.queueSel, queues: copyQueues(l.queues), status: l.status,
      writeback: l.writeback },
    net: { mac: n.mac, status: n.status, rx: n.rx, uni: copyList(n.uni), multi: copyList(n.multi),
      vlans: copyList(n.vlans), vqPairs: n.vqPairs, trusted: n.trusted },
    mapper: { notifyBar: mapper.notifyBar, notifyOffset: mapper.notifyOffset },
  };
}

/** A copy of a list of scalars; an empty one from a literal (see copyFn). */
function copyList<T extends number | string>(a: readonly T[]): T[] {
  return a.length === 0 ? [] : a.slice();
}

/** Legacy queues, copied into a list of the same kind initialLegacy builds (./legacy/types.ts). */
function copyQueues(qs: readonly LegacyQueue[]): LegacyQueue[] {
  const out: LegacyQueue[] = new Array(qs.length);
  for (let i = 0; i < qs.length; i++) out[i] = { pfn: qs[i]!.pfn, avail: qs[i]!.avail, used: qs[i]!.used };
  return out;
}
