/**
 * The QEMU trace events the ingester reads (docs/capture-format.md#qemu-trace-log), with their
 * argument formats as QEMU's `hw/vfio`, `hw/pci` and `hw/virtio` trace-events files define them,
 * and the typed record each becomes. Events it knows but does not use are listed in IGNORED:
 * they are counted, never parsed.
 */
import { joined, tpl, type Template } from './template.js';

/** A parsed line: the event and its fields (numbers already decoded). */
export type QemuRecord =
  | { ev: 'vfio_region_write'; dev: string; index: number; addr: number; data: number; size: number }
  | { ev: 'vfio_region_read'; dev: string; index: number; addr: number; size: number; data: number }
  | { ev: 'vfio_pci_write_config'; dev: string; addr: number; val: number; len: number }
  | { ev: 'vfio_pci_read_config'; dev: string; addr: number; len: number; val: number }
  | { ev: 'vfio_msix_early_setup'; dev: string; pos: number; entries: number; noresize: boolean | null }
  | { ev: 'vfio_msix_enable' | 'vfio_msix_disable' | 'vfio_msix_pba_enable' | 'vfio_msix_pba_disable'; dev: string }
  | { ev: 'vfio_msix_vector_do_use' | 'vfio_msix_vector_release'; dev: string; index: number }
  | { ev: 'vfio_msi_interrupt'; dev: string; index: number; addr: number; data: number }
  | { ev: 'vfio_region_setup'; dev: string; index: number; size: number }
  | { ev: 'sriov_config_write'; dev: string; offset: number; val: number; len: number }
  | { ev: 'sriov_register_vfs'; dev: string; numVfs: number }
  | { ev: 'virtio_set_status'; vdev: string; val: number };

export type QemuEvent = QemuRecord['ev'];

/** Field values a template captured, by field name (numbers decoded, names as text). */
export type Fields = Record<string, string | number>;

interface EventSpec {
  /** Templates tried in order (older QEMU versions print some events differently). */
  templates: readonly Template[];
  build(f: Fields): QemuRecord;
}

const n = (v: string | number | undefined): number => v as number;
const s = (v: string | number | undefined): string => String(v);

/** An SR-IOV PF emulated by QEMU is named by its model and its guest slot:function. */
const pfName = (f: Fields): string => `${s(f.model)} ${s(f.slot)}:${s(f.fun)}`;

const devOnly = (
  ev: 'vfio_msix_enable' | 'vfio_msix_disable' | 'vfio_msix_pba_enable' | 'vfio_msix_pba_disable',
): EventSpec => ({
  templates: [tpl` (${'dev:name'})`],
  build: (f) => ({ ev, dev: s(f.dev) }),
});

/** `vfio_msix_early_setup` up to the entries (QEMU before 8.2 ends there). */
const MSIX_SETUP = joined(
  tpl`${'dev:name'} PCI MSI-X CAP @${'pos:hex'}, BAR ${'bar:int'}, `,
  tpl`offset ${'offset:hex'}, entries ${'entries:int'}`,
);
/** An emulated PF as hw/pci names it: model, then slot:function on its guest bus. */
const PF = tpl`${'model:word'} ${'slot:hexword'}:${'fun:hexword'}: `;

export const EVENTS: Readonly<Record<QemuEvent, EventSpec>> = {
  vfio_region_write: {
    templates: [tpl` (${'dev:name'}:region${'index:int'}+${'addr:hex'}, ${'data:hex'}, ${'size:int'})`],
    build: (f) => ({
      ev: 'vfio_region_write',
      dev: s(f.dev),
      index: n(f.index),
      addr: n(f.addr),
      data: n(f.data),
      size: n(f.size),
    }),
  },
  vfio_region_read: {
    templates: [tpl` (${'dev:name'}:region${'index:int'}+${'addr:hex'}, ${'size:int'}) = ${'data:hex'}`],
    build: (f) => ({
      ev: 'vfio_region_read',
      dev: s(f.dev),
      index: n(f.index),
      addr: n(f.addr),
      size: n(f.size),
      data: n(f.data),
    }),
  },
  vfio_pci_write_config: {
    templates: [tpl` (${'dev:name'}, @${'addr:hex'}, ${'val:hex'}, len=${'len:hex'})`],
    build: (f) => ({ ev: 'vfio_pci_write_config', dev: s(f.dev), addr: n(f.addr), val: n(f.val), len: n(f.len) }),
  },
  vfio_pci_read_config: {
    templates: [tpl` (${'dev:name'}, @${'addr:hex'}, len=${'len:hex'}) ${'val:hex'}`],
    build: (f) => ({ ev: 'vfio_pci_read_config', dev: s(f.dev), addr: n(f.addr), len: n(f.len), val: n(f.val) }),
  },
  vfio_msix_early_setup: {
    // QEMU 8.2 added ", noresize %d"; older versions end after the entries.
    templates: [joined(MSIX_SETUP, tpl`, noresize ${'noresize:int'}`), MSIX_SETUP],
    build: (f) => ({
      ev: 'vfio_msix_early_setup',
      dev: s(f.dev),
      pos: n(f.pos),
      entries: n(f.entries),
      noresize: f.noresize === undefined ? null : f.noresize !== 0,
    }),
  },
  vfio_msix_enable: devOnly('vfio_msix_enable'),
  vfio_msix_disable: devOnly('vfio_msix_disable'),
  vfio_msix_pba_enable: devOnly('vfio_msix_pba_enable'),
  vfio_msix_pba_disable: devOnly('vfio_msix_pba_disable'),
  vfio_msix_vector_do_use: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} used`],
    build: (f) => ({ ev: 'vfio_msix_vector_do_use', dev: s(f.dev), index: n(f.index) }),
  },
  vfio_msix_vector_release: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} released`],
    build: (f) => ({ ev: 'vfio_msix_vector_release', dev: s(f.dev), index: n(f.index) }),
  },
  vfio_msi_interrupt: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} ${'addr:hex'}/${'data:hex'}`],
    build: (f) => ({ ev: 'vfio_msi_interrupt', dev: s(f.dev), index: n(f.index), addr: n(f.addr), data: n(f.data) }),
  },
  vfio_region_setup: {
    templates: [
      joined(
        tpl`Device ${'dev:name'}, region ${'index:int'} "${'label:name'}", `,
        tpl`flags: ${'flags:hex'}, offset: ${'offset:hex'}, size: ${'size:hex'}`,
      ),
    ],
    build: (f) => ({ ev: 'vfio_region_setup', dev: s(f.dev), index: n(f.index), size: n(f.size) }),
  },
  sriov_config_write: {
    templates: [joined(PF, tpl`sriov offset ${'offset:hex'} val ${'val:hex'} len ${'len:int'}`)],
    build: (f) => ({ ev: 'sriov_config_write', dev: pfName(f), offset: n(f.offset), val: n(f.val), len: n(f.len) }),
  },
  sriov_register_vfs: {
    templates: [joined(PF, tpl`creating ${'numVfs:int'} vf devs`)],
    build: (f) => ({ ev: 'sriov_register_vfs', dev: pfName(f), numVfs: n(f.numVfs) }),
  },
  virtio_set_status: {
    templates: [tpl`vdev ${'vdev:word'} val ${'val:int'}`],
    build: (f) => ({ ev: 'virtio_set_status', vdev: s(f.vdev), val: n(f.val) }),
  },
};

/**
 * Events the ingester knows and does not use: counted under `ignored`, never an error. INTx lines
 * are here because a VF has no INTx pin; the rest carry nothing the twin models.
 */
export const IGNORED: ReadonlySet<string> = new Set([
  'vfio_intx_interrupt',
  'vfio_intx_eoi',
  'vfio_intx_enable',
  'vfio_intx_disable',
  'vfio_intx_enable_kvm',
  'vfio_intx_disable_kvm',
  'vfio_intx_update',
  'sriov_unregister_vfs',
  'msix_write_config',
  'virtio_pci_notify',
  'virtio_queue_notify',
  'virtio_notify',
]);

/** Fields whose value is a field's raw text rather than a number. */
const TEXT_KINDS = new Set(['name', 'word', 'pin', 'hexword']);

/** Decode the capture groups of a match; null names a hex field too large for an exact number. */
export function decodeFields(t: Template, m: RegExpExecArray): { fields: Fields } | { tooBig: string } {
  const fields: Fields = {};
  for (let i = 0; i < t.fields.length; i++) {
    const { field, kind } = t.fields[i]!;
    const raw = m[i + 1]!;
    if (TEXT_KINDS.has(kind)) {
      fields[field] = raw;
      continue;
    }
    const v = kind === 'int' ? Number(raw) : parseInt(raw, 16);
    if (!Number.isSafeInteger(v)) return { tooBig: field };
    fields[field] = v;
  }
  return { fields };
}
