/**
 * Guest accesses arrive at the mapper. vfio checks what it can without the device
 * (docs/linux-qemu-vfio.md#vfio-virtio-vf-driver-legacy-io-bar): the access must stay inside the
 * virtual BAR0 (24 + device config bytes; -EINVAL otherwise) and Queue Notify (offset 16) must be
 * exactly 2 bytes (-EINVAL). Everything else, odd lengths and straddling accesses included, reaches
 * the device, which must reject non-field accesses. An access to a VF that does not exist fails
 * with ENODEV.
 */
import type { DeciderMap } from '../decider.js';
import type { EventBody, EventOf } from '../events.js';
import type { TwinState } from '../state.js';
import { legacyBarBytes } from '../legacy/layout.js';
import { VIRTIO_PCI_QUEUE_NOTIFY } from '../spec/legacy.js';

interface Access {
  fn: number;
  write: boolean;
  offset: number;
  size: number;
  value: number;
  tag: string;
}

function refusal(s: Readonly<TwinState>, a: Access): string | null {
  const f = s.fns[a.fn];
  if (a.fn === 0 || !f || !f.life.alive) return 'ENODEV';
  if (a.offset + a.size > legacyBarBytes(s.config)) return 'EINVAL';
  if (a.offset === VIRTIO_PCI_QUEUE_NOTIFY && a.size !== 2) return 'EINVAL';
  return null;
}

function enqueue(s: Readonly<TwinState>, a: Access, id: number): EventBody {
  const errno = refusal(s, a);
  if (errno) return { type: 'mapper/ioRejected', fn: a.fn, tag: a.tag, write: a.write, offset: a.offset, size: a.size,
    errno };
  const incarnation = s.fns[a.fn]!.life.incarnation;
  const queued: EventOf<'mapper/queued'> = { type: 'mapper/queued', fn: a.fn,
    access: { id, tag: a.tag, write: a.write, offset: a.offset, size: a.size, value: a.value, incarnation },
    seq: 0, tick: 0, cause: 0 }; // slotted (Engine.executeWith)
  return queued;
}

export const mapperDeciders: DeciderMap<'guest.io.read' | 'guest.io.write' | 'guest.io.sweep'> = {
  'guest.io.read': (s, c) => [enqueue(s, { fn: c.fn, write: false, offset: c.offset, size: c.size, value: 0, tag: c.tag
    ?? '' }, s.mapper.nextId)],
  'guest.io.write': (s, c) => [enqueue(s,
    { fn: c.fn, write: true, offset: c.offset, size: c.size, value: c.value, tag: c.tag ?? '' }, s.mapper.nextId)],
  'guest.io.sweep': (s, c) => {
    const out: EventBody[] = [];
    let id = s.mapper.nextId;
    for (let fn = c.from; fn <= c.to; fn++) {
      const e = enqueue(s, { fn, write: c.write ?? false, offset: c.offset, size: c.size, value: c.value ?? 0,
        tag: '' }, id);
      if (e.type === 'mapper/queued') id++;
      out.push(e);
    }
    return out;
  },
};
