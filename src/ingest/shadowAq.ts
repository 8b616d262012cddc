/**
 * Admin-queue, PF and SR-IOV steps. A captured completion pins device work: the run makes exactly
 * that command complete now. When no order of device work can (an older command ahead of it on a
 * FIFO admin queue), that is the divergence, and the twin then completes the queue in the only
 * order it can, so a later completion of the older command compares with what the twin already did.
 */
import type { Event, EventOf } from '../domain/events.js';
import { supportedOpcodes } from '../domain/device.js';
import { qualifierName, statusName } from '../domain/spec/names.js';
import { VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../domain/spec/constants.js';
import { VIRTIO_PCI_ISR } from '../domain/spec/legacy.js';
import { commandData, decodeAdminHeader } from '../wire/adminCmd.js';
import { readLe } from '../wire/bytes.js';
import { fromHex } from '../util/hex.js';
import { hex } from './divergence.js';
import type { ShadowCtx } from './shadowCtx.js';
import { registerName } from './shadowIo.js';
import type { Step } from './steps.js';

type Completed = EventOf<'aq/completed'>;

interface Outstanding {
  cid: number;
  line: number;
  id: string;
  opcode: number;
  member: number;
  /** Legacy CFG commands: region, offset, read or write. */
  legacy: { common: boolean; read: boolean; offset: number } | null;
}

/** Legacy CFG opcodes 0x2-0x5 (virtio 1.4 §2.12.1.1 Legacy Interfaces). */
function legacyOf(opcode: number, data: Uint8Array): Outstanding['legacy'] {
  if (opcode < 0x2 || opcode > 0x5) return null;
  return { common: opcode <= 0x3, read: opcode === 0x3 || opcode === 0x5, offset: data[0] ?? 0 };
}

const fmt = (c: { status: number; qualifier: number; result: string; usedLen: number }): string =>
  `${statusName(c.status)}/${qualifierName(c.qualifier)}, result ${c.result || '(none)'}, used ${c.usedLen}`;

export class AdminShadow {
  /** Commands submitted and not yet completed in the capture, by `queue:id`. */
  private readonly outstanding = new Map<string, Outstanding>();
  /** Completions the twin produced, by cid, until the capture shows them. */
  private readonly completed = new Map<number, Completed>();

  constructor(private readonly ctx: ShadowCtx) {}

  /** cids of the capture's commands not yet completed in the capture. */
  private readonly cids = new Set<number>();

  /**
   * Keep the twin's completions of the capture's commands (device work may complete one before
   * its line); the twin's own commands (the mapper's, the bring-up's) are not the capture's.
   */
  event(e: Event): void {
    if (e.type === 'aq/completed' && this.cids.has(e.cid)) this.completed.set(e.cid, e);
  }

  submit(s: Extract<Step, { k: 'submit' }>): void {
    const events = this.ctx.exec({
      op: 'aq.submit',
      tag: `q${s.queue}.${s.id}`,
      queue: s.queue,
      raw: s.raw,
      resultBytes: s.resultBytes,
    });
    const e = events[0];
    const what = `admin command ${s.id} submitted on queue ${s.queue}`;
    if (e?.type === 'aq/rejected') {
      const expected = `not submitted: ${e.errno} (${e.reason})`;
      this.ctx.diverge({
        line: s.line,
        seq: e.seq,
        fn: 0,
        what,
        observed: 'submitted',
        expected,
        rule: 'driver.aq.submit-possible',
      });
      return;
    }
    if (e?.type !== 'aq/submitted') return;
    const req = fromHex(s.raw);
    const hdr = decodeAdminHeader(req);
    const legacy = legacyOf(hdr.opcode, commandData(req));
    if (legacy && legacy.common && !legacy.read) this.ctx.history.wrote(hdr.member, legacy.offset);
    this.cids.add(e.cid);
    this.outstanding.set(`${s.queue}:${s.id}`, {
      cid: e.cid,
      line: s.line,
      id: s.id,
      opcode: hdr.opcode,
      member: hdr.member,
      legacy,
    });
  }

  complete(s: Extract<Step, { k: 'complete' }>): void {
    const { ctx } = this;
    ctx.observed();
    const key = `${s.queue}:${s.id}`;
    const cmd = this.outstanding.get(key);
    const what = `admin command ${s.id} completed on queue ${s.queue}`;
    if (!cmd) {
      const expected = `no command ${s.id} outstanding on queue ${s.queue}`;
      return ctx.diverge({
        line: s.line,
        seq: ctx.lastSeq(),
        fn: 0,
        what,
        observed: 'a completion',
        expected,
        rule: 'device.aq.exactly-once',
      });
    }
    this.outstanding.delete(key);
    const done = this.completed.get(cmd.cid) ?? this.finish(s, cmd, what);
    if (!done) return;
    this.completed.delete(cmd.cid);
    this.cids.delete(cmd.cid);
    ctx.drive(
      (item) => item.kind === 'aq.reap' && item.q === s.queue,
      (evs) => evs.find((e) => e.type === 'aq/reaped') ?? null,
    );
    this.compare(s, cmd, done, what);
  }

  /** Make `cmd` complete now; if the queue's order forbids it, say so and complete in order. */
  private finish(s: Extract<Step, { k: 'complete' }>, cmd: Outstanding, what: string): Completed | null {
    const { ctx } = this;
    const until = (evs: Event[]): Completed | null =>
      (evs.find((e) => e.type === 'aq/completed' && e.cid === cmd.cid) as Completed | undefined) ?? null;
    const own = ctx.drive(
      (item) => (item.kind === 'aq.start' || item.kind === 'aq.complete') && item.cid === cmd.cid,
      until,
    );
    if (own) return own;
    const q = ctx.engine.state.aq.queues[s.queue];
    const ahead = q && q.busy >= 0 && q.busy !== cmd.cid ? q.busy : q?.pending.find((c) => c !== cmd.cid);
    if (ahead !== undefined) {
      const other = [...this.outstanding.values()].find((o) => o.cid === ahead);
      const name = other ? `command ${other.id} (submitted at line ${other.line})` : `cid ${ahead}`;
      ctx.diverge({
        line: s.line,
        seq: ctx.lastSeq(),
        fn: 0,
        what,
        observed: `${s.id} completes while ${name} is still outstanding`,
        expected: `${name} completes first (FIFO within one admin queue)`,
        rule: 'device.aq.fifo-per-queue',
      });
    }
    const inOrder = ctx.drive(
      (item) => (item.kind === 'aq.start' || item.kind === 'aq.complete') && item.q === s.queue,
      until,
    );
    if (inOrder) return inOrder;
    const expected = 'never completes (the device has no work it can do for it)';
    ctx.diverge({
      line: s.line,
      seq: ctx.lastSeq(),
      fn: 0,
      what,
      observed: 'completed',
      expected,
      rule: 'device.aq.all-complete-at-settle',
    });
    return null;
  }

  private compare(s: Extract<Step, { k: 'complete' }>, cmd: Outstanding, got: Completed, what: string): void {
    const same =
      got.status === s.status && got.qualifier === s.qualifier && got.result === s.result && got.usedLen === s.usedLen;
    const l = cmd.legacy;
    if (l && l.read && l.common && l.offset === VIRTIO_PCI_ISR && s.status === 0) {
      const value = readLe(fromHex(s.result), 0, 1);
      if (!same) this.legacyRead(s, cmd, got, what);
      this.ctx.history.isrRead(cmd.member, value, s.line);
      return;
    }
    if (same) return;
    if (l && l.read && s.status === 0 && got.status === 0) return this.legacyRead(s, cmd, got, what);
    const rule =
      l && got.qualifier === 3 && got.status === 22 ? 'device.legacy.field-access' : 'device.aq.completion-matches';
    this.ctx.diverge({
      line: s.line,
      seq: got.seq,
      fn: cmd.member > 0 ? cmd.member : 0,
      what,
      observed: fmt(s),
      expected: fmt(got),
      rule,
    });
  }

  /** A legacy read whose bytes differ: explained like a BAR0 read of the same register. */
  private legacyRead(s: Extract<Step, { k: 'complete' }>, cmd: Outstanding, got: Completed, what: string): void {
    const l = cmd.legacy!;
    const obs = fromHex(s.result);
    const exp = fromHex(got.result);
    const n = Math.min(6, Math.max(obs.length, exp.length));
    const observed = readLe(obs, 0, Math.min(n, obs.length));
    const expected = readLe(exp, 0, Math.min(n, exp.length));
    const msix = this.ctx.engine.state.fns[cmd.member]?.msix.enabled ?? false;
    const rule = l.common
      ? this.ctx.history.explain(cmd.member, l.offset, msix, observed, expected).rule
      : 'device.legacy.read-matches-register';
    const region = l.common ? `${registerName(l.offset, msix)} (common +${l.offset})` : `device config +${l.offset}`;
    this.ctx.diverge({
      line: s.line,
      seq: got.seq,
      fn: cmd.member,
      what: `${what}: VF ${cmd.member} legacy read of ${region}`,
      observed: fmt(s),
      expected: fmt(got),
      rule,
    });
  }
}

/** PF status writes: 0 resets; DRIVER_OK newly set completes the bring-up the way Linux's probe does. */
export function runPfStatus(ctx: ShadowCtx, s: Extract<Step, { k: 'pfStatus' }>, listUse: boolean): void {
  const pf = ctx.engine.state.pf;
  if (s.value !== 0 && s.value & VIRTIO_CONFIG_S_DRIVER_OK && !(pf.status & VIRTIO_CONFIG_S_DRIVER_OK)) {
    ctx.exec({ op: 'pf.init' });
    if (listUse) bringUpAdmin(ctx);
    return;
  }
  ctx.exec({ op: 'pf.status', value: s.value });
}

/** Linux after DRIVER_OK: LIST_QUERY, then LIST_USE of everything reported, for the SR-IOV group. */
function bringUpAdmin(ctx: ShadowCtx): void {
  const reaped = (evs: Event[]) => evs.find((e) => e.type === 'aq/reaped') ?? null;
  const all = () => true;
  ctx.exec({ op: 'aq.submit', tag: 'bringup-query', cmd: { opcode: 'LIST_QUERY', group: 'SRIOV' } });
  ctx.drive(all, reaped);
  const opcodes = supportedOpcodes(ctx.engine.config, VIRTIO_ADMIN_GROUP_TYPE_SRIOV);
  ctx.exec({ op: 'aq.submit', tag: 'bringup-use', cmd: { opcode: 'LIST_USE', group: 'SRIOV', opcodes } });
  ctx.drive(all, reaped);
}

export function runSriov(ctx: ShadowCtx, s: Extract<Step, { k: 'sriov' }>): void {
  const events = ctx.exec(s.op === 'enable' ? { op: 'sriov.enable', numVFs: s.numVFs } : { op: 'sriov.disable' });
  const refused = events.find((e) => e.type === 'sriov/refused');
  if (refused?.type !== 'sriov/refused') return;
  ctx.diverge({
    line: s.line,
    seq: refused.seq,
    fn: 0,
    what: s.op === 'enable' ? `VF Enable set with NumVFs ${s.numVFs}` : 'VF Enable cleared',
    observed: 'VFs created',
    expected: `refused: ${refused.errno} (${refused.reason})`,
    rule: 'device.sriov.vfs-created',
  });
}

export function runVfsCreated(ctx: ShadowCtx, s: Extract<Step, { k: 'vfsCreated' }>): void {
  ctx.observed();
  const sr = ctx.engine.state.sriov;
  const expected = sr.vfEnable ? sr.numVFs : 0;
  if (expected === s.numVFs) return;
  const exp = sr.vfEnable ? `${expected} VFs (NumVFs)` : 'no VFs (VF Enable is clear)';
  ctx.diverge({
    line: s.line,
    seq: ctx.lastSeq(),
    fn: 0,
    what: 'VFs created by VF Enable',
    observed: `${s.numVFs} VFs`,
    expected: exp,
    rule: 'device.sriov.vfs-created',
  });
}

export function runPfStatusRead(ctx: ShadowCtx, s: Extract<Step, { k: 'pfStatusRead' }>): void {
  ctx.observed();
  const expected = ctx.engine.state.pf.status;
  if (expected === s.value) return;
  ctx.diverge({
    line: s.line,
    seq: ctx.lastSeq(),
    fn: 0,
    what: 'PF device status read',
    observed: hex(s.value),
    expected: hex(expected),
    rule: 'device.status.readback',
  });
}
