import { describe, expect, it } from 'vitest';
import { defaultConfig, initialState } from '../../../../src/domain/device.js';
import type { Event, EventBody } from '../../../../src/domain/events.js';
import { setBit } from '../../../../src/domain/msix/bits.js';
import { InterruptCounter } from '../../../../src/domain/msix/count.js';

const ev = (b: EventBody, seq: number) => ({ ...b, seq, tick: 0, cause: 0 }) as Event;

describe('InterruptCounter', () => {
  it('counts deliveries and host losses per (fn, vector), reads pending from the PBA, lists by fn then vector', () => {
    const s = initialState(defaultConfig({ totalVFs: 2 }));
    const c = new InterruptCounter();
    const bodies: EventBody[] = [
      { type: 'msix/delivered', fn: 2, vector: 1, source: 0 },
      { type: 'msix/pended', fn: 1, vector: 3, source: 'config' },
      { type: 'msix/delivered', fn: 2, vector: 1, source: 'pba' },
      { type: 'host/irqLost', fn: 2, vector: 0, source: 1, reason: 'resize-window' },
      { type: 'isr/set', fn: 1, bits: 1 },
    ];
    bodies.forEach((b, i) => c.onEvent(ev(b, i)));
    setBit(s.fns[1]!.msix.pba, 3);
    expect(c.report(s)).toEqual([
      { fn: 1, vector: 3, delivered: 0, lost: 0, pending: true },
      { fn: 2, vector: 0, delivered: 0, lost: 1, pending: false },
      { fn: 2, vector: 1, delivered: 2, lost: 0, pending: false },
    ]);
    expect(c.get(s, 0, 7)).toEqual({ fn: 0, vector: 7, delivered: 0, lost: 0, pending: false });
  });
});
