/**
 * Rules only a captured trace can break (`vtwin ingest`, docs/capture-format.md#divergences). The
 * twin's own run cannot violate them: each compares a value a real system returned with the value
 * the conforming twin predicts at that point, so they have no hooks and the engine never runs
 * them. They are listed with every other rule (`vtwin rules`); a divergence that an engine rule
 * already explains (an ISR that survives a read, a completion out of FIFO order) cites that rule.
 */
import type { Rule } from './framework.js';

const capture = (id: string, actor: Rule['actor'], section: string, description: string): Rule => ({
  id,
  actor,
  section,
  kind: 'safety',
  description,
});

export const CAPTURE_RULES: readonly Rule[] = [
  capture(
    'device.aq.completion-matches',
    'device',
    'virtio 1.4 §2.12.1 Group administration commands / Device Requirements — status, qualifier and result as the ' +
      'command and the device state at that point require',
    'A captured admin completion carries the status, qualifier, result bytes and used length the conforming device ' +
      'returns for that command at that point.',
  ),
  capture(
    'device.status.readback',
    'device',
    'virtio 1.4 §2.1 Device Status Field — the device status reads what the driver last wrote (0 after a reset)',
    "A captured read of the PF's device status, or of a VF's once the capture has shown it, returns what the " +
      'driver last wrote, plus DEVICE_NEEDS_RESET if set.',
  ),
  capture(
    'device.msix.control-readback',
    'device',
    'docs/spec-notes.md#pci-msi-x-capability-and-table — Message Control reads Table Size - 1 and the Enable and ' +
      'Function Mask bits last written',
    "A captured Message Control read returns the function's Table Size - 1 and the Enable and Function Mask bits " +
      'its driver last wrote (for a vfio capture, as QEMU emulates them).',
  ),
  capture(
    'device.msix.pba-readback',
    'device',
    'docs/spec-notes.md#msi-x-masking-and-pending-bits — a Pending Bit Array read returns the pending bits',
    'A captured read of the Pending Bit Array returns exactly the entries pending at that point.',
  ),
  capture(
    'host.vfio.pended-only-while-masked',
    'host',
    'docs/spec-notes.md#msi-x-masking-and-pending-bits; docs/capture-format.md#what-each-qemu-event-becomes — ' +
      'QEMU pends a message only for an entry the guest has masked',
    'QEMU sets an emulated pending bit (vfio_msix_pba_enable) only for a message on an entry the guest has masked ' +
      '(or while the Function Mask is set); a message on a deliverable entry goes to the guest.',
  ),
  capture(
    'device.sriov.vfs-created',
    'device',
    'virtio 1.4 §2.12 Device groups; docs/spec-notes.md#sr-iov-capability — VF Enable creates VFs 1..NumVFs',
    'Setting VF Enable creates exactly NumVFs VFs, the number the PF driver wrote before it.',
  ),
  capture(
    'driver.aq.submit-possible',
    'pf-driver',
    'docs/linux-qemu-vfio.md#submitting-and-completing-admin-commands — a driver submits only on a set-up ' +
      'admin queue of a DRIVER_OK PF with room in its ring',
    'A captured admin command is submitted only while the PF is DRIVER_OK with its admin queue set up and the ' +
      'queue has a free descriptor.',
  ),
];
