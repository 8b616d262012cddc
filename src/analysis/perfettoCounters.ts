/**
 * Counter tracks of a Perfetto export, sampled from the state after each event and written only
 * when they change: outstanding admin commands per queue, pending bits (PBA) per function and on
 * the virtio-mmio device, and host IRQ vectors in use (request_irq'd across passthrough VFs).
 */
import type { Event } from '../domain/events.js';
import { countBits } from '../domain/msix/bits.js';
import type { TwinState } from '../domain/state.js';
import { MMIO_PID, PF_PID, type Put } from './perfettoTracks.js';

interface Series {
  pid: number;
  key: string;
  value: number;
}

export class Counters {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly put: Put,
    private readonly startTs: number,
  ) {}

  /** Set a counter; written when it changes. A counter starts at 0 from the trace's start. */
  set(name: string, key: string, value: number, ts: number, pid = PF_PID): void {
    let s = this.series.get(name);
    if (!s) {
      s = { pid, key, value: 0 };
      this.series.set(name, s);
      this.write(name, s, this.startTs);
    }
    if (s.value === value) return;
    s.value = value;
    this.write(name, s, ts);
  }

  private write(name: string, s: Series, ts: number): void {
    this.put({ ph: 'C', pid: s.pid, tid: 0, name, ts, args: { [s.key]: s.value } });
  }

  /** Outstanding commands on queue `q`. */
  queue(q: number, n: number, ts: number): void {
    this.set(`admin queue ${q} outstanding`, 'commands', n, ts);
  }

  /** Sample what event `e` may have changed in `s`. */
  sample(s: Readonly<TwinState>, e: Event, ts: number): void {
    const fn = (e as { fn?: number }).fn;
    if (fn !== undefined && fn >= 0) this.pending(s, fn, ts);
    else if (fn === -1) for (let i = 0; i < s.fns.length; i++) this.pendingIfSeen(s, i, ts);
    if (e.type.startsWith('mmio/') && s.mmio) {
      this.set('virtio-mmio pending bits', 'bits', countBits(s.mmio.msi.pba), ts, MMIO_PID);
    }
    this.set('host IRQ vectors in use', 'vectors', s.host.used, ts);
  }

  private pending(s: Readonly<TwinState>, fn: number, ts: number): void {
    const f = s.fns[fn];
    if (f) this.set(`${fn === 0 ? 'PF' : `VF ${fn}`} pending bits`, 'bits', countBits(f.msix.pba), ts);
  }

  /** Functions that never had a pending bit get no counter track from a VF Enable or Disable. */
  private pendingIfSeen(s: Readonly<TwinState>, fn: number, ts: number): void {
    const f = s.fns[fn];
    const name = `${fn === 0 ? 'PF' : `VF ${fn}`} pending bits`;
    if (f && (this.series.has(name) || countBits(f.msix.pba) > 0)) this.pending(s, fn, ts);
  }
}
