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
import { initialLegacy, type LegacyFnState } from './legacy/types.js';
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
 * The three above, built with their `life` at once: VF Enable builds one per VF (4096 in the
 * bench), and a `life` made only to be replaced was garbage for the young generation.
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
  fns[0] = initialFn(config, 0);
  const unborn = config.totalVFs > 0 ? initialFn(config, 1) : null;
  for (let i = 1; i <= config.totalVFs; i++) fns[i] = unbornVf(config, unborn!, i);
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
 * initialFn(config, fn) for a VF, as a deep copy of VF 1's (`unborn`) with its own number and MAC
 * (./net/types.ts initialNet; no other part of a VF's power-on state depends on its number, which
 * test/unit/domain/state.test.ts checks). Why not initialFn itself: these VFs die at VF Enable, a
 * moment later, while the ones VF Enable builds with initialFn's code live as long as the run. Built
 * by the same code, they gave that code's allocation sites a mixed survival record, and V8 kept
 * allocating VF Enable's 4096 functions in the young generation, whose collector then copied them
 * twice (~10 ms of a ~140 ms fold of the bench's interrupt trace). Built apart, V8 allocates VF
 * Enable's state straight in the old generation once the young generation is at its cap (as vtwin
 * and the bench set it: tools/heap.ts).
 */
function unbornVf(config: DeviceConfig, unborn: FnState, fn: number): FnState {
  const f = copy(unborn);
  f.fn = fn;
  f.net.mac = config.vfMacs[String(fn)] ?? defaultMac(fn);
  return f;
}

/** A deep copy of plain data, keys in the same order (spread keeps the source's layout). */
function copy<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Uint8Array) return v.slice() as T;
  if (Array.isArray(v)) {
    const out = v.slice();
    for (let i = 0; i < out.length; i++) out[i] = copy(out[i]);
    return out as T;
  }
  const o = { ...v } as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'object' && x !== null) o[k] = copy(x);
  }
  return o as T;
}
