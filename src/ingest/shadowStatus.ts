/**
 * A VF's device status in the shadow run (docs/capture-format.md#device-status). The device may
 * notify a function only once its driver set DRIVER_OK (virtio 1.4 §2.1 Device Status Field), and
 * not at all while its status is 0 after a reset (virtio 1.4 §2.4 Device Reset). A capture often
 * starts with the VF's driver already running (QEMU's log began after the guest's probe; a probe
 * was attached later), so it never shows the status writes. Until it shows one for a VF, the
 * VF's status is an assumption: a notification takes the VF as driven by a running driver, and a
 * first status read adopts the value read. Once the capture shows the VF's status (a write by its
 * own driver or through the legacy admin commands, or that first read), the twin follows it, and
 * a notification before DRIVER_OK is the device's divergence.
 */
import type { Event } from '../domain/events.js';
import { functionStatus, notifyProblem } from '../domain/msix/gate.js';
import { hex } from './divergence.js';
import type { ShadowCtx, StatusAssumer } from './shadowCtx.js';
import type { Assumption, IrqSource, Step } from './steps.js';

export class StatusShadow implements StatusAssumer {
  readonly assumptions: Assumption[] = [];
  /** VFs whose status the capture has shown written. */
  private readonly shown = new Set<number>();
  /** VFs already taken as running (the assumption is stated once per VF). */
  private readonly running = new Set<number>();
  /** Inside the run's own status write: its events are not the capture's. */
  private assuming = false;

  constructor(private readonly ctx: ShadowCtx) {}

  event(e: Event): void {
    if (!this.assuming && (e.type === 'legacy/statusWritten' || e.type === 'legacy/reset')) this.shown.add(e.fn);
  }

  /** Whether the twin's status of VF `fn` is still the run's assumption. */
  private unknown(fn: number): boolean {
    return fn > 0 && !this.shown.has(fn) && this.ctx.engine.state.fns[fn]?.life.alive === true;
  }

  private write(fn: number, value: number): void {
    this.assuming = true;
    try {
      this.ctx.exec({ op: 'vf.status', fn, value });
    } finally {
      this.assuming = false;
    }
  }

  /**
   * Before the device notifies VF `fn` of `source` at capture line `line`: a VF whose status the
   * capture has not shown and which the device may not notify yet is taken as running.
   */
  beforeNotify(fn: number, source: IrqSource, line: number): void {
    if (!this.unknown(fn)) return;
    if (notifyProblem(functionStatus(this.ctx.engine.state, fn), source, '') === null) return;
    const value = this.ctx.plan.runningStatus;
    this.write(fn, value);
    if (this.running.has(fn)) return;
    this.running.add(fn);
    this.assumptions.push({
      what: `VF ${fn}'s driver is running (DRIVER_OK): the device notifies it and the capture shows no status write`,
      value: hex(value),
      line,
    });
  }

  /** A status read of VF `fn` that the capture saw return `value`, before the twin compares it. */
  beforeRead(fn: number, value: number, line: number): void {
    if (!this.unknown(fn)) return;
    // A capture that shows the status read shows it written: from here on the twin follows it.
    this.shown.add(fn);
    if (functionStatus(this.ctx.engine.state, fn) === value) return;
    this.write(fn, value);
    this.assumptions.push({
      what: `VF ${fn}'s device status, written before the capture starts: adopted from this read`,
      value: hex(value),
      line,
    });
  }
}

/** VF `fn`'s own driver wrote its status. */
export function runVfStatus(ctx: ShadowCtx, s: Extract<Step, { k: 'vfStatus' }>): void {
  ctx.exec({ op: 'vf.status', fn: s.fn, value: s.value });
}

/** A VF status read: the first one adopts the value (see above), the others compare. */
export function runVfStatusRead(ctx: ShadowCtx, s: Extract<Step, { k: 'vfStatusRead' }>): void {
  ctx.observed();
  ctx.status.beforeRead(s.fn, s.value, s.line);
  const expected = functionStatus(ctx.engine.state, s.fn);
  if (expected === s.value) return;
  ctx.diverge({
    line: s.line,
    seq: ctx.lastSeq(),
    fn: s.fn,
    what: `VF ${s.fn} device status read`,
    observed: hex(s.value),
    expected: hex(expected),
    rule: 'device.status.readback',
  });
}
