/** Helpers for the legacy, mapper and net tests: admin-level register access and a bring-up. */
import type { DeviceConfigInput } from '../src/domain/config.js';
import type { Event, EventOf } from '../src/domain/events.js';
import type { Engine } from '../src/engine/engine.js';
import type { IoResult } from '../src/domain/mapper/types.js';
import { completion, engine, submit } from './helpers.js';

export type LogEngine = Engine & { log: Event[] };

/** An engine with `numVFs` VFs enabled. */
export function vfEngine(device: DeviceConfigInput = {}, numVFs = 4, seed = 1): LogEngine {
  const e = engine({ totalVFs: Math.max(numVFs, 4), ...device }, seed);
  e.execute({ op: 'sriov.enable', numVFs });
  return e;
}

let n = 0;
const fresh = (p: string) => `${p}${n++}`;

/** LEGACY_{COMMON,DEV}_CFG_READ through the admin queue; returns the completion. */
export function legacyRead(e: LogEngine, fn: number, offset: number, size: number, space: 'common' | 'device' =
    'common'): EventOf<'aq/completed'> {
  const tag = fresh('r');
  submit(e, tag, { opcode: space === 'common' ? 'LEGACY_COMMON_CFG_READ' : 'LEGACY_DEV_CFG_READ', member: fn, offset,
    size });
  e.settle();
  return completion(e, tag);
}

/** LEGACY_{COMMON,DEV}_CFG_WRITE of `data` (hex, little-endian) through the admin queue. */
export function legacyWrite(e: LogEngine, fn: number, offset: number, data: string, space: 'common' | 'device' =
    'common'): EventOf<'aq/completed'> {
  const tag = fresh('w');
  submit(e, tag, { opcode: space === 'common' ? 'LEGACY_COMMON_CFG_WRITE' : 'LEGACY_DEV_CFG_WRITE', member: fn, offset,
    data });
  e.settle();
  return completion(e, tag);
}

/** A legacy driver's bring-up through admin commands: reset, ACK, DRIVER, queue 0 PFN, DRIVER_OK. */
export function bringUp(e: LogEngine, fn: number, pfn = 0x1234): void {
  legacyWrite(e, fn, 18, '00');
  legacyWrite(e, fn, 18, '01');
  legacyWrite(e, fn, 18, '03');
  legacyWrite(e, fn, 14, '0000');
  legacyWrite(e, fn, 8, pfn.toString(16).padStart(8, '0').match(/../g)!.reverse().join(''));
  legacyWrite(e, fn, 18, '07');
}

/** Run guest accesses to completion and return the tagged results. */
export function guestIo(e: LogEngine, ...acc: (
    { fn: number; offset: number; size: number; tag: string } & ({ value: number } | object))[]): Record<string,
    IoResult> {
  for (const a of acc) {
    if ('value' in a) e.execute({ op: 'guest.io.write',
      ...(a as { fn: number; offset: number; size: number; tag: string; value: number }) });
    else e.execute({ op: 'guest.io.read', ...a });
  }
  e.settle();
  return e.state.mapper.done;
}

export function eventsOf<T extends Event['type']>(e: LogEngine, type: T): EventOf<T>[] {
  return e.log.filter((x): x is EventOf<T> => x.type === type);
}
