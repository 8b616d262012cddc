/**
 * The QEMU trace events the ingester reads (docs/capture-format.md#qemu-trace-log), with their
 * argument formats as QEMU's `hw/vfio`, `hw/pci` and `hw/virtio` trace-events files define them,
 * and the typed record each becomes. Events it knows but does not use are listed in IGNORED:
 * they are counted, never parsed.
 */
import { hexField, intField, joined, tpl, type Template } from './template.js';

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

/**
 * A template's match: `m[1]` is its first field's text, `m[2]` the next, ... (an older, shorter
 * template of the same event leaves the later ones undefined).
 */
export type Captures = ArrayLike<string | undefined>;

interface EventSpec {
  /** Templates tried in order (older QEMU versions print some events differently). */
  templates: readonly Template[];
  /**
   * The record from a match of one of the templates (just above it), which name the fields. It
   * decodes every number the template has, used or not: one above 2^53 throws TOO_BIG.
   */
  build(m: Captures): QemuRecord;
}

/** Decoders of `int` (`%d`), `hex` (`0x%x`) and text fields. */
const int = intField;
const hex = hexField;
const s = (raw: string | undefined): string => raw!;

/** An SR-IOV PF emulated by QEMU is named by its model and its guest slot:function. */
const pfName = (m: Captures): string => `${s(m[1])} ${s(m[2])}:${s(m[3])}`;

const devOnly = (
  ev: 'vfio_msix_enable' | 'vfio_msix_disable' | 'vfio_msix_pba_enable' | 'vfio_msix_pba_disable',
): EventSpec => ({
  templates: [tpl` (${'dev:name'})`],
  build: (m) => ({ ev, dev: s(m[1]) }),
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
    build: (m) => ({
      ev: 'vfio_region_write',
      dev: s(m[1]),
      index: int(m[2]),
      addr: hex(m[3]),
      data: hex(m[4]),
      size: int(m[5]),
    }),
  },
  vfio_region_read: {
    templates: [tpl` (${'dev:name'}:region${'index:int'}+${'addr:hex'}, ${'size:int'}) = ${'data:hex'}`],
    build: (m) => ({
      ev: 'vfio_region_read',
      dev: s(m[1]),
      index: int(m[2]),
      addr: hex(m[3]),
      size: int(m[4]),
      data: hex(m[5]),
    }),
  },
  vfio_pci_write_config: {
    templates: [tpl` (${'dev:name'}, @${'addr:hex'}, ${'val:hex'}, len=${'len:hex'})`],
    build: (m) => ({ ev: 'vfio_pci_write_config', dev: s(m[1]), addr: hex(m[2]), val: hex(m[3]), len: hex(m[4]) }),
  },
  vfio_pci_read_config: {
    templates: [tpl` (${'dev:name'}, @${'addr:hex'}, len=${'len:hex'}) ${'val:hex'}`],
    build: (m) => ({ ev: 'vfio_pci_read_config', dev: s(m[1]), addr: hex(m[2]), len: hex(m[3]), val: hex(m[4]) }),
  },
  vfio_msix_early_setup: {
    // QEMU 8.2 added ", noresize %d"; older versions end after the entries.
    templates: [joined(MSIX_SETUP, tpl`, noresize ${'noresize:int'}`), MSIX_SETUP],
    build: (m) => {
      const pos = hex(m[2]);
      int(m[3]); // the BAR and the table offset: unused, decoded to refuse one above 2^53
      hex(m[4]);
      const entries = int(m[5]);
      const noresize = m[6] === undefined ? null : int(m[6]) !== 0;
      return { ev: 'vfio_msix_early_setup', dev: s(m[1]), pos, entries, noresize };
    },
  },
  vfio_msix_enable: devOnly('vfio_msix_enable'),
  vfio_msix_disable: devOnly('vfio_msix_disable'),
  vfio_msix_pba_enable: devOnly('vfio_msix_pba_enable'),
  vfio_msix_pba_disable: devOnly('vfio_msix_pba_disable'),
  vfio_msix_vector_do_use: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} used`],
    build: (m) => ({ ev: 'vfio_msix_vector_do_use', dev: s(m[1]), index: int(m[2]) }),
  },
  vfio_msix_vector_release: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} released`],
    build: (m) => ({ ev: 'vfio_msix_vector_release', dev: s(m[1]), index: int(m[2]) }),
  },
  vfio_msi_interrupt: {
    templates: [tpl` (${'dev:name'}) vector ${'index:int'} ${'addr:hex'}/${'data:hex'}`],
    build: (m) => ({ ev: 'vfio_msi_interrupt', dev: s(m[1]), index: int(m[2]), addr: hex(m[3]), data: hex(m[4]) }),
  },
  vfio_region_setup: {
    templates: [
      joined(
        tpl`Device ${'dev:name'}, region ${'index:int'} "${'label:name'}", `,
        tpl`flags: ${'flags:hex'}, offset: ${'offset:hex'}, size: ${'size:hex'}`,
      ),
    ],
    build: (m) => {
      const index = int(m[2]);
      hex(m[4]); // the flags and the offset: unused, decoded to refuse one above 2^53
      hex(m[5]);
      return { ev: 'vfio_region_setup', dev: s(m[1]), index, size: hex(m[6]) };
    },
  },
  sriov_config_write: {
    templates: [joined(PF, tpl`sriov offset ${'offset:hex'} val ${'val:hex'} len ${'len:int'}`)],
    build: (m) => ({ ev: 'sriov_config_write', dev: pfName(m), offset: hex(m[4]), val: hex(m[5]), len: int(m[6]) }),
  },
  sriov_register_vfs: {
    templates: [joined(PF, tpl`creating ${'numVfs:int'} vf devs`)],
    build: (m) => ({ ev: 'sriov_register_vfs', dev: pfName(m), numVfs: int(m[4]) }),
  },
  virtio_set_status: {
    templates: [tpl`vdev ${'vdev:word'} val ${'val:int'}`],
    build: (m) => ({ ev: 'virtio_set_status', vdev: s(m[1]), val: int(m[2]) }),
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
