/**
 * Profiles: named device behaviours (README "Concepts"). `spec` is the conforming reference; the
 * others are deliberate deviations that real devices and proposals exhibit. Each names the rules
 * that catch it, and the fuzzer's mutation score checks that claim.
 */
export interface Quirks {
  /** Starts any pending command of a queue, not just the oldest (breaks FIFO per queue). */
  aqReorder?: boolean;
  /** Under memberIncarnation "fail", completes a stale command OK on the VF's new incarnation. */
  staleIncarnationOk?: boolean;
  /** Never processes commands queued before an SR-IOV disable (they hang); an enable alone stalls nothing. */
  stallAcrossDisable?: boolean;
  /** Checks the member before the opcode (wrong validation order). */
  memberBeforeOpcode?: boolean;
  /** Applies a command's effects even when it answers with an error. */
  errorSideEffects?: boolean;
  /** MSI-X: an interrupt raised on a masked vector is dropped instead of setting its PBA bit. */
  msixDropMasked?: boolean;
  /** MSI-X: the Function Mask is ignored when the device sends a message. */
  msixIgnoreFunctionMask?: boolean;
  /** VF MSI-X provisioning: the PF never checks the pool, so it can be over-committed. */
  vfMsixOvercommit?: boolean;
  /** Host: request_irq failure is only logged, whatever hostExhaustion says (QEMU today). */
  hostSilentExhaustion?: boolean;
  /** Host IMS: a PASID change on an already started entry updates the descriptor, not the entry. */
  imsStalePasid?: boolean;
  /** virtio-mmio MSI: mask without pending bits (the proposal's text), so masked events vanish. */
  mmioDropMasked?: boolean;
  // Legacy access and virtio-net control (README "Legacy access and virtio-net control").
  /** A legacy ISR read returns the ISR but does not clear it. */
  isrSurvivesRead?: boolean;
  /** The legacy register file ignores the MSI-X shift: device config always at 20, no vectors at 20/22. */
  legacyMsixOffsetIgnored?: boolean;
  /** Under memberIncarnation "fail", applies a net admin command to the VF's re-created incarnation. */
  netStaleIncarnation?: boolean;
  /** Honours an untrusted VF's own control-queue commands. */
  netTrustIgnored?: boolean;
  /** Decodes owner-BAR notification addresses one VF off (VF n's address notifies VF n + 1). */
  notifyOffByOne?: boolean;
  /** Notifies whatever the device status: used buffers before DRIVER_OK, anything after a reset. */
  notifyBeforeDriverOk?: boolean;
}

export interface Profile {
  name: string;
  description: string;
  /** Rule ids expected to flag this deviation. Empty for `spec`. */
  caughtBy: string[];
  quirks: Quirks;
}

export const PROFILES: readonly Profile[] = [
  {
    name: 'spec',
    description: 'Conforming reference device: every modelled MUST and SHOULD as the spec states it.',
    caughtBy: [],
    quirks: {},
  },
  {
    name: 'aq-reorder',
    description: 'Processes commands within one admin queue out of order (the informal "no order constraints" ' +
      'reading: docs/ambiguities.md#a6-order-within-one-administration-virtqueue).',
    caughtBy: ['device.aq.fifo-per-queue'],
    quirks: { aqReorder: true },
  },
  {
    name: 'stale-incarnation-ok',
    description: 'With memberIncarnation "fail", still completes a command addressed to a destroyed VF with OK on ' +
      'its re-created incarnation.',
    caughtBy: ['device.aq.incarnation-bound'],
    quirks: { staleIncarnationOk: true },
  },
  {
    name: 'stall-across-disable',
    description: 'Never completes admin commands that were queued across an SR-IOV disable, re-enabled or not (the ' +
      'driver waits forever, as Linux has no timeout); commands queued across an enable alone complete.',
    caughtBy: ['device.aq.all-complete-at-settle'],
    quirks: { stallAcrossDisable: true },
  },
  {
    name: 'member-before-opcode',
    description: 'Validates the member before the opcode, so a bad opcode to a bad member reports INVALID_MEMBER.',
    caughtBy: ['device.aq.validation-order'],
    quirks: { memberBeforeOpcode: true },
  },
  {
    name: 'error-side-effects',
    description: 'Applies a command\'s effects even when it completes with an error status (e.g. a rejected LIST_USE ' +
      'still changes the in-use set).',
    caughtBy: ['device.aq.error-no-side-effects'],
    quirks: { errorSideEffects: true },
  },
  {
    name: 'msix-drop-masked',
    description: 'Drops an interrupt raised while its MSI-X vector (or the function) is masked instead of latching ' +
      'the pending bit, so unmask delivers nothing (ROCm rocm-ernic PR 111; cloud-hypervisor PR 795).',
    caughtBy: ['device.msix.no-lost-interrupt'],
    quirks: { msixDropMasked: true },
  },
  {
    name: 'msix-ignore-function-mask',
    description: 'Sends MSI-X messages while the Function Mask is set (libvfio-user #806/#807: function mask and PBA ' +
      'ignored).',
    caughtBy: ['device.msix.masked-never-delivered'],
    quirks: { msixIgnoreFunctionMask: true },
  },
  {
    name: 'vf-msix-overcommit',
    description: 'Accepts VTWIN_EXT_VF_MSIX_SET counts without checking the PF pool, so the VFs together hold more ' +
      'vectors than the pool has.',
    caughtBy: ['device.provision.pool-never-overcommitted', 'device.provision.outcome'],
    quirks: { vfMsixOvercommit: true },
  },
  {
    name: 'host-silent-vector',
    description: "The host only logs a failed request_irq, whatever hostExhaustion says: the guest sees an enabled, " +
      "unmasked vector that never fires (QEMU's real behaviour: " +
      "docs/linux-qemu-vfio.md#passthrough-interrupts-vfio-pci-and-qemu).",
    caughtBy: ['host.vfio.exhaustion-outcome', 'host.vfio.no-silent-vector'],
    quirks: { hostSilentExhaustion: true },
  },
  {
    name: 'host-ims-stale-pasid',
    description: "With IMS, a guest's PASID change on an already started entry updates the host descriptor but not " +
      "the IMS entry, so the device keeps tagging with the old PASID.",
    caughtBy: ['host.ims.pasid-programmed'],
    quirks: { imsStalePasid: true },
  },
  {
    name: 'mmio-drop-masked',
    description: 'virtio-mmio MSI built to the letter of the 2020 proposal: MASK/UNMASK without pending bits, so an ' +
      'event on a masked vector is lost (the question Jason Wang raised in review).',
    caughtBy: ['device.mmio.no-lost-interrupt'],
    quirks: { mmioDropMasked: true },
  },
  {
    name: 'isr-survives-read',
    description: 'A legacy ISR read (LEGACY_COMMON_CFG_READ at 19) returns the ISR but leaves it set, so INTx stays ' +
      'asserted and the next read sees a stale interrupt.',
    caughtBy: ['device.legacy.isr-read-clears'],
    quirks: { isrSurvivesRead: true },
  },
  {
    name: 'legacy-msix-offset-ignored',
    description:
      'The VF legacy register file always puts device config at 20, as if MSI-X were off: with MSI-X enabled, ' +
      'config_msix_vector/queue_msix_vector writes land on the (read-only) MAC and are ignored, and reading a ' +
      'vector back returns MAC bytes.',
    caughtBy: ['device.legacy.read-matches-register'],
    quirks: { legacyMsixOffsetIgnored: true },
  },
  {
    name: 'net-stale-apply',
    description: 'With memberIncarnation "fail", the net control path keys VF state by member id only: a command ' +
      'queued before an SR-IOV disable/re-enable lands on the re-created VF.',
    caughtBy: ['device.net.incarnation-bound', 'device.aq.incarnation-bound', 'device.aq.validation-order'],
    quirks: { netStaleIncarnation: true },
  },
  {
    name: 'net-trust-ignored',
    description: 'Honours control-queue commands from a VF the PF has not trusted (the proposal\'s trust command has ' +
      'no effect).',
    caughtBy: ['device.net.untrusted-cvq-refused'],
    quirks: { netTrustIgnored: true },
  },
  {
    name: 'notify-off-by-one',
    description: 'Decodes owner-BAR legacy notification addresses one VF off: a notify written for VF n kicks VF n + ' +
      '1 (a misrouted notify).',
    caughtBy: ['device.legacy.notify-address-equivalent'],
    quirks: { notifyOffByOne: true },
  },
  {
    name: 'notify-before-driver-ok',
    description: 'Sends used-buffer notifications before the driver set DRIVER_OK, and any notification while the ' +
      'device status is 0 after a reset (a device that raises its interrupt whenever it has something to say, ' +
      'ready driver or not).',
    caughtBy: ['device.irq.no-notify-before-driver-ok'],
    quirks: { notifyBeforeDriverOk: true },
  },
];

export function profileByName(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}

export function profileNames(): string[] {
  return PROFILES.map((p) => p.name);
}
