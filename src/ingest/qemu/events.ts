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

/** A field's value as a template captured it: numbers decoded, names as text. */
type Value = string | number | undefined;
/**
 * The values a template captured, in the order its fields appear (an older, shorter template of
 * the same event leaves the later ones undefined).
 */
export type Values = readonly Value[];

interface EventSpec {
  /** Templates tried in order (older QEMU versions print some events differently). */
  templates: readonly Template[];
  /** The record from the values, which come in the order the templates (just above it) name the fields. */
  build(v: Values): QemuRecord;
}

const n = (v: Value): number => v as number;
const s = (v: Value): string => String(v);

/** An SR-IOV PF emulated by QEMU is named by its model and its guest slot:function. */
const pfName = (model: Value, slot: Value, fun: Value): string => `${s(model)} ${s(slot)}:${s(fun)}`;

const devOnly = (
  ev: 'vfio_msix_enable' | 'vfio_msix_disable' | 'vfio_msix_pba_enable' | 'vfio_msix_pba_disable',
): EventSpec => ({
  templates: [tpl` (${'dev:name'})`],
  build: (v) => ({ ev, dev: s(v[0]) }),
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
    build: (v) =>
      ({ ev: 'vfio_region_write', dev: s(v[0]), index: n(v[1]), addr: n(v[2]), data: n(v[3]), size: n(v[4]) }),
  },
  vfio_region_read: {
    templates: [tpl` (${'dev:name'}:region${'index:int'}+${'addr:hex'}, ${'size:int'}) = ${'data:hex'}`],
    build: (v) =>
      ({ ev: 'vfio_region_read', dev: s(v[0]), index: n(v[1]), addr: n(v[2]), size: n(v[3]), data: n(v[4]) }),
  },
  vfio_pci_write_config: {
    templates: [tpl` (${'dev:name'}, @${'addr:hex'}, ${'val:hex'}, len=${'len:hex'})`],
    build: (v) => ({ ev: 'vfio_pci_write_config', dev: s(v[0]), addr: n(v[1]), val: n(v[2]), len: n(v[3]) }),
  },
  vfio_pci_read_config: {
    templates: [tpl` (${'dev:name'}, @${'addr:hex'}, len=${'len:hex'}) ${'val:hex'}`],
    build: (v) => ({ ev: 'vfio_pci_read_config', dev: s(v[0]), addr: n(v[1]), len: n(v[2]), val: n(v[3]) }),
  },
  vfio_msix_early_setup: {
    // QEMU 8.2 added ", noresize %d"; older versions end after the entries.
    templates: [joined(MSIX_SETUP, tpl`, noresize ${'noresize:int'}`), MSIX_SETUP],
    build: (v) => ({
      ev: 'vfio_msix_early_setup',
      dev: s(v[0]),
      pos: n(v[1]),
      entries: n(v[4]),
      noresize: v[5] === undefined ? null : v[5] !== 0,
    }),
  },
  vfio_msix_enable: devOnly('vfio_msix_enable'),
  vfio_msix_disable: devOnly('vfio_msix_disable'),
  vfio_msix_pba_enable: devOnly('vfio_msix_pba_enable'),
  vfio_msix_pba_disable: devOnly('vfio_msix_pba_disable'),
  vfio_msix_vector_do_use: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} used`],
    build: (v) => ({ ev: 'vfio_msix_vector_do_use', dev: s(v[0]), index: n(v[1]) }),
  },
  vfio_msix_vector_release: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} released`],
    build: (v) => ({ ev: 'vfio_msix_vector_release', dev: s(v[0]), index: n(v[1]) }),
  },
  vfio_msi_interrupt: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} ${'addr:hex'}/${'data:hex'}`],
    build: (v) => ({ ev: 'vfio_msi_interrupt', dev: s(v[0]), index: n(v[1]), addr: n(v[2]), data: n(v[3]) }),
  },
  vfio_region_setup: {
    templates: [
      joined(
        tpl`Device ${'dev:name'}, region ${'index:int'} "${'label:name'}", `,
        tpl`flags: ${'flags:hex'}, offset: ${'offset:hex'}, size: ${'size:hex'}`,
      ),
    ],
    build: (v) => ({ ev: 'vfio_region_setup', dev: s(v[0]), index: n(v[1]), size: n(v[5]) }),
  },
  sriov_config_write: {
    templates: [joined(PF, tpl`sriov offset ${'offset:hex'} val ${'val:hex'} len ${'len:int'}`)],
    build: (v) =>
      ({ ev: 'sriov_config_write', dev: pfName(v[0], v[1], v[2]), offset: n(v[3]), val: n(v[4]), len: n(v[5]) }),
  },
  sriov_register_vfs: {
    templates: [joined(PF, tpl`creating ${'numVfs:int'} vf devs`)],
    build: (v) => ({ ev: 'sriov_register_vfs', dev: pfName(v[0], v[1], v[2]), numVfs: n(v[3]) }),
  },
  virtio_set_status: {
    templates: [tpl`vdev ${'vdev:word'} val ${'val:int'}`],
    build: (v) => ({ ev: 'virtio_set_status', vdev: s(v[0]), val: n(v[1]) }),
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

/**
 * Decode the capture groups of a match into the template's values (numbers decoded, text kept),
 * or name the first number too large to be exact.
 */
export function decodeFields(t: Template, m: RegExpExecArray): { values: Values } | { tooBig: string } {
  const values: Value[] = [];
  for (let i = 0; i < t.fields.length; i++) {
    const kind = t.fields[i]!.kind;
    const raw = m[i + 1]!;
    if (kind !== 'int' && kind !== 'hex') {
      values.push(raw);
      continue;
    }
    const v = kind === 'int' ? Number(raw) : parseInt(raw, 16);
    if (!Number.isSafeInteger(v)) return { tooBig: t.fields[i]!.field };
    values.push(v);
  }
  return { values };
}
