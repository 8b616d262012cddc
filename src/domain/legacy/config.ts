/**
 * Device-config fields for legacy access and virtio-net control. Spread into the device config
 * schema (src/domain/config.ts); every field has a documented default (README "Legacy access and
 * virtio-net control"). Where the spec is ambiguous the choice is a field here.
 */
import { z } from 'zod';
import { VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO } from '../spec/legacy.js';

const notifyEntry = z.strictObject({
  /** `owner` = flags 0x1 (a PF BAR), `member` = flags 0x2 (the VF's own BARn). */
  flags: z.enum(['owner', 'member']),
  /** BAR1..BAR5 ("bar values 0x1 to 0x5"); BAR0 of a VF is hard-wired to 0. */
  bar: z.int().min(1).max(5),
  /** Offset inside the BAR; "This value is 2-byte aligned". */
  offset: z.int().min(0).max(0xffffffff).refine((v) => v % 2 === 0, { message: 'expected a 2-byte aligned offset' }),
  /**
   * Owner entries only: VF n's address is offset + (n - 1) * stride in the PF's BAR, so each VF
   * has its own. Must be even and non-zero for owner entries.
   */
  stride: z.int().min(0).max(0x10000).refine((v) => v % 2 === 0, { message: 'expected an even stride' }).default(0),
});
export type NotifyEntryConfig = z.output<typeof notifyEntry>;

const macHex = z.string().regex(/^[0-9a-f]{12}$/, { message: 'expected a MAC as 12 lower-case hex digits' });

export const legacyConfigFields = {
  /** The four LEGACY_{COMMON,DEV}_CFG_{READ,WRITE} commands (0x2-0x5): all or none (spec MUST). */
  legacy: z.boolean().default(true),
  /** LEGACY_NOTIFY_INFO (0x6). Requires `legacy` (spec: NOTIFY_INFO => all four CFG commands). */
  legacyNotifyInfo: z.boolean().default(true),
  /**
   * What NOTIFY_INFO reports, in preference order. At most 3: the result has 4 entries and "the
   * last struct virtio_pci_legacy_notify_info entry MUST have flags of zero" (Legacy Interface,
   * device normative), so an end marker always follows.
   */
  legacyNotify: z
    .array(notifyEntry)
    .max(VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO - 1,
      { message: `at most ${VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO - 1} entries: the last of the ` +
      `${VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO} NOTIFY_INFO result entries MUST have flags 0` })
    .default([
      { flags: 'member', bar: 2, offset: 0x1000, stride: 0 },
      { flags: 'owner', bar: 4, offset: 0x2000, stride: 4 },
    ]),
  /**
   * Device features bits 0-31 the VF's legacy register file offers (offset 0). Absent: the
   * model's set for the device type (src/domain/legacy/features.ts). `vtwin ingest` calibrates it
   * from the first read a capture shows.
   */
  legacyFeatures: z.int().min(0).max(0xffffffff).optional(),
  /**
   * MAC of VF n (12 lower-case hex digits, wire order), keyed by the VF number. Unlisted VFs get
   * 02:00:00:00:hi:lo of their number. `vtwin ingest` calibrates it from the bytes a capture reads.
   */
  vfMacs: z.record(z.string().regex(/^[1-9][0-9]*$/, { message: 'expected a VF number' }), macHex).default({}),
  /** Queue Size (offset 12) of every existing VF queue; read-only in legacy. */
  legacyQueueSize: z.int().min(0).max(32768).default(256),
  /**
   * What "refers to a single field" means for the common header
   * (docs/ambiguities.md#a8-what-refers-to-a-single-field-means):
   * `exact` = the access is exactly one field; `within` = it lies inside one field. Device config
   * is not affected: any width and alignment inside it is accepted (a legacy driver MAY use any).
   */
  legacyFieldMatch: z.enum(['exact', 'within']).default('exact'),
  /** blk VFs: virtio_blk_config.capacity in 512-byte sectors. */
  blkCapacity: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(2097152),
  /** The EXT_NET_ADMIN_CTRL extension opcode (net devices only). */
  netAdminCtrl: z.boolean().default(true),
  /** max_virtqueue_pairs: VQ_PAIRS_SET accepts 1..this. */
  netMaxVqPairs: z.int().min(1).max(0x8000).default(4),
  /** Whether a VF's own control virtqueue is honoured before the PF sends a trust command. */
  netVfTrusted: z.boolean().default(false),
  /**
   * A net command to a VF in DEVICE_NEEDS_RESET: `fail` (treated like a VF about to be destroyed;
   * acked VIRTIO_NET_ERR, no effect) or `apply`:
   * docs/ambiguities.md#a9-a-net-command-for-a-vf-in-device_needs_reset.
   */
  netNeedsReset: z.enum(['fail', 'apply']).default('fail'),
};

/** Cross-field checks for these fields: [jsonPath, expectation] or null. */
export function legacyConfigProblem(c: {
  legacy: boolean;
  legacyNotifyInfo: boolean;
  legacyNotify: NotifyEntryConfig[];
}): [string, string] | null {
  if (c.legacyNotifyInfo && !c.legacy) {
    return ['legacyNotifyInfo',
      'must be false when legacy is false (a device with NOTIFY_INFO MUST support all four legacy CFG commands)'];
  }
  for (let i = 0; i < c.legacyNotify.length; i++) {
    const e = c.legacyNotify[i]!;
    if (e.flags === 'owner' && e.stride === 0) return [`legacyNotify.${i}.stride`,
      'a non-zero even stride for an owner entry (each VF needs its own address)'];
  }
  return null;
}
