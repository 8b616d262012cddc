/**
 * Device configuration: what the twin models and which choices it makes where the spec is ambiguous
 * (docs/ambiguities.md; README "Device options"). A scenario's `device` block is a partial of this;
 * every omitted field takes the default below. Impossible configurations are refused before
 * anything runs.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { legacyConfigFields } from './legacy/config.js';

/** Upper bounds that keep a run in bounded memory; beyond them a config is "absurd". */
export const LIMITS = {
  totalVFs: 65535, // PCI SR-IOV TotalVFs is a 16-bit field
  adminQueues: 1024,
  aqDepth: 32768, // largest virtqueue size
  pfQueues: 1024,
  vfMsixPool: 65535 * 2048,
} as const;

export const deviceConfigSchema = z.strictObject({
  /** Device type of PF and VFs: selects the device-specific config (net: MAC + status; blk: capacity...). */
  deviceType: z.enum(['net', 'blk']).default('net'),
  /** SR-IOV TotalVFs. 0 means the PF has no SR-IOV capability worth the name. */
  totalVFs: z.int().min(0).max(LIMITS.totalVFs).default(8),
  /** Whether the PF has an SR-IOV extended capability and offers VIRTIO_F_SR_IOV (37). */
  sriov: z.boolean().default(true),
  /** Whether the PF offers VIRTIO_F_ADMIN_VQ (41). */
  adminVq: z.boolean().default(true),
  /** admin_queue_num (common cfg offset 62). */
  adminQueues: z.int().min(0).max(LIMITS.adminQueues).default(1),
  /** Size of each admin virtqueue: how many commands may be outstanding on it. */
  aqDepth: z.int().min(1).max(LIMITS.aqDepth).default(64),
  /** num_queues of the PF (ordinary virtqueues); admin_queue_index equals it. */
  pfQueues: z.int().min(0).max(LIMITS.pfQueues).default(2),
  /** Ordinary virtqueues per VF (net: receiveq1 + transmitq1 = 2; blk: 1). */
  vfQueues: z.int().min(1).max(LIMITS.pfQueues).default(2),
  /** MSI-X Table Size of the PF (entries). 0 = enough for config + every queue incl. admin queues. */
  pfMsixVectors: z.int().min(0).max(0x800).default(0),
  /** MSI-X Table Size each VF gets at SR-IOV enable (before any provisioning command). */
  vfMsixVectors: z.int().min(0).max(0x800).default(4),
  /** PF pool of assignable VF MSI-X vectors (docs/extensions.md#vf-msi-x-provisioning). */
  vfMsixPool: z.int().min(0).max(LIMITS.vfMsixPool).default(256),
  /** Smallest VF Table Size the provisioning extension accepts (mlx5: min_dynamic_vf_msix_table_size). */
  vfMsixMin: z.int().min(1).max(0x800).default(2),
  /** Largest VF Table Size the provisioning extension accepts (mlx5: max_dynamic_vf_msix_table_size). */
  vfMsixMax: z.int().min(1).max(0x800).default(64),
  /**
   * Whether the PF offers the VF MSI-X provisioning extension (VTWIN_EXT_VF_MSIX_SET/GET) with
   * SR-IOV. `vtwin ingest` turns it off when a capture's LIST_QUERY does not report it.
   */
  vfMsixProvisioning: z.boolean().default(true),
  /**
   * Opcode numbers of the twin's admin-command *extensions* (commands the spec never merged), by
   * extension name, e.g. { "VTWIN_EXT_VF_MSIX_SET": 32256 }. Omitted names keep their documented
   * default. Values must lie in the free range 0x13-0x7FFF.
   */
  extOpcodes: z.record(z.string(), z.int().min(0x13).max(0x7fff)).default({}),
  /** Named device behaviour (README "Concepts"); `spec` is the conforming reference. */
  profile: z.string().min(1).default('spec'),
  /**
   * A command whose VF was destroyed and re-created before processing: `apply` = the spec as
   * written (it lands on the new incarnation), `fail` = the 2021 proposal (tied to the incarnation
   * it addressed, fails with EINVAL / INVALID_MEMBER).
   * docs/ambiguities.md#a7-a-command-whose-vf-is-re-created-before-it-is-processed
   */
  memberIncarnation: z.enum(['apply', 'fail']).default('apply'),
  /**
   * docs/ambiguities.md#a3-list_query-and-list_use-while-vf-enable-is-0: the spec fails *all*
   * SR-IOV group commands while VF Enable = 0, LIST_QUERY and LIST_USE included, yet Linux sends
   * those two at DRIVER_OK before any VF exists. Default `false` accepts LIST_QUERY/LIST_USE with
   * VF Enable = 0 so Linux interoperates; `true` is the letter of the spec.
   */
  listCommandsNeedVfEnable: z.boolean().default(false),
  /**
   * docs/ambiguities.md#a18-group_member_id-of-list_query-and-list_use: group_member_id is unused by
   * LIST_QUERY and LIST_USE, and INVALID_MEMBER applies only to commands that use it, so the device
   * ignores it (default `false`). `true` is a stricter device that fails a non-zero member with
   * EINVAL / INVALID_MEMBER (what the twin did before it read the text this way).
   */
  listMemberMustBeZero: z.boolean().default(false),
  /**
   * Start as Linux leaves the PF after probe: features negotiated, DRIVER_OK, LIST_QUERY and
   * LIST_USE done for the SR-IOV group. `false` starts at device status 0.
   */
  pfInitialized: z.boolean().default(true),
  /**
   * VFs enabled at the start (sriov_numvfs written during bring-up): the run starts with VF Enable
   * set and VFs 1..numVFs at incarnation 1. 0 = SR-IOV disabled, the driver enables it by command.
   */
  numVFs: z.int().min(0).max(LIMITS.totalVFs).default(0),
  /** Host IRQ (CPU) vectors that request_irq can hand out to all passthrough VFs together. */
  hostIrqBudget: z.int().min(0).max(1 << 24).default(1024),
  /**
   * What the host does when request_irq fails at a guest unmask (README "Interrupts"): stop the
   * guest with a reason (tglx's "well defined" answer), report the error (the vector stays
   * masked, so interrupts pend instead of vanishing), or `silent` (QEMU today: only a log line;
   * the guest sees an enabled vector that never fires; rule host.vfio.no-silent-vector flags it).
   */
  hostExhaustion: z.enum(['stop-guest', 'report-error', 'silent']).default('stop-guest'),
  /**
   * How the host grows a passthrough VF's vectors: `dynamic` (Linux 6.2 dynamic MSI-X, vfio 6.5,
   * QEMU 8.2: add a vector while enabled) or `disable-reenable` (VFIO_IRQ_INFO_NORESIZE: tear
   * down and re-create every host vector; interrupts on active vectors in that window are lost).
   */
  hostResize: z.enum(['dynamic', 'disable-reenable']).default('dynamic'),
  /** Back passthrough VF vectors with IMS entries that carry a PASID (the 2021 VFIO/IMS flow). */
  hostIms: z.boolean().default(false),
  /** PASID programmed into every IMS entry at allocation (20-bit). */
  hostDefaultPasid: z.int().min(0).max(0xfffff).default(0),
  /**
   * A virtio-mmio device next to the PCI one, with the never-merged MSI extension
   * (VTWIN_EXT_F_MMIO_MSI; the 2020 proposal's bit 40 is now VIRTIO_F_RING_RESET). Absent = none.
   */
  mmio: z
    .strictObject({
      /** Virtqueues of the mmio device. */
      queues: z.int().min(1).max(1024).default(2),
      /** Whether the device offers the MSI extension at all (else: the line interrupt only). */
      msi: z.boolean().default(true),
      /** MsiVecNum. 0 = one per event (1 + queues), what non-sharing mode wants. */
      msiVectors: z.int().min(0).max(2048).default(0),
      /** MsiState bit 1: dynamic mapping via MAP_CONFIG/MAP_QUEUE (true) or the fixed mapping. */
      sharing: z.boolean().default(false),
    })
    .optional(),
  // Legacy access and virtio-net control (src/domain/legacy/config.ts).
  ...legacyConfigFields,
});

export type DeviceConfig = z.output<typeof deviceConfigSchema>;

/**
 * Options whose default is not what the twin did before the option existed. A trace written then
 * has no value for them and takes this one, so it still replays as it was recorded (README
 * "Guarantees": older traces).
 */
export const PRE_OPTION_VALUES: Readonly<Record<string, unknown>> = {
  listMemberMustBeZero: true,
};
export type DeviceConfigInput = z.input<typeof deviceConfigSchema>;

/** A cross-field check that a schema cannot express: [jsonPath, expectation], or null. */
export type ConfigCheck = (c: DeviceConfig) => [string, string] | null;

/**
 * The cross-field checks of the core fields. The opcode families' checks (extension numbers,
 * legacy access) run after these; the composition root (./device.ts) lists them all.
 */
export const coreConfigProblem: ConfigCheck = (c) => {
  if (c.adminVq && c.adminQueues === 0) {
    return ['adminQueues',
      'at least 1 admin queue when adminVq (VIRTIO_F_ADMIN_VQ) is offered; Linux fails probe with admin_queue_num = 0'];
  }
  if (!c.adminVq && c.adminQueues > 0) {
    return ['adminQueues', 'must be 0 when adminVq is false (admin_queue_num is valid only with VIRTIO_F_ADMIN_VQ)'];
  }
  if (c.adminQueues > 0x10000 - c.pfQueues) {
    return ['adminQueues', `at most ${0x10000 - c.pfQueues} (admin_queue_num <= 0x10000 - admin_queue_index)`];
  }
  if (!c.sriov && c.totalVFs > 0) {
    return ['totalVFs', 'must be 0 when sriov is false (no SR-IOV capability)'];
  }
  if (c.numVFs > c.totalVFs) {
    return ['numVFs', `at most totalVFs (${c.totalVFs}): NumVFs cannot exceed TotalVFs`];
  }
  if (c.numVFs > 0 && !c.pfInitialized) {
    return ['numVFs',
      'must be 0 when pfInitialized is false (SR-IOV is enabled only once the PF driver reached DRIVER_OK)'];
  }
  if (c.vfMsixMin > c.vfMsixMax) return ['vfMsixMin', `at most vfMsixMax (${c.vfMsixMax})`];
  if (c.vfMsixVectors > 0 && (c.vfMsixVectors < c.vfMsixMin || c.vfMsixVectors > c.vfMsixMax)) {
    return ['vfMsixVectors', `0 (no MSI-X) or within vfMsixMin..vfMsixMax (${c.vfMsixMin}..${c.vfMsixMax})`];
  }
  return null;
};

/** The first problem `checks` find, in order, or null. */
export function firstProblem(c: DeviceConfig, checks: readonly ConfigCheck[]): [string, string] | null {
  for (const check of checks) {
    const problem = check(c);
    if (problem) return problem;
  }
  return null;
}

/**
 * Fill defaults, validate the schema, then run `checks`. `source` names where the config came
 * from (a file) so the error says which file and which field. Use ./device.ts `resolveConfig`,
 * which passes the device's checks.
 */
export function parseConfig(input: unknown, checks: readonly ConfigCheck[], source: string,
    basePath: string): DeviceConfig {
  const parsed = deviceConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [basePath, ...issue.path.map(String)].filter(Boolean).join('.');
    throw new ConfigError(path, issue.message, source);
  }
  return checkConfig(parsed.data, checks, source, basePath);
}

/** `config` if `checks` find no problem, else the ConfigError naming the first one. */
export function checkConfig(config: DeviceConfig, checks: readonly ConfigCheck[], source: string,
    basePath: string): DeviceConfig {
  const problem = firstProblem(config, checks);
  if (problem) throw new ConfigError(basePath ? `${basePath}.${problem[0]}` : problem[0], problem[1], source);
  return config;
}

/**
 * What withDefaults copies from: per set of optional fields given (they have no default, so they
 * hold a place in the key order only when given), an object with parse's keys in schema order.
 */
interface Template {
  defaults: Record<string, unknown>;
  /** Optional fields without a default, in schema order (`mmio`, `legacyFeatures`). */
  optional: string[];
  /** Fields whose default is an object: each config gets its own copy. */
  objects: string[];
  mmio: object;
  bases: Map<string, Record<string, unknown>>;
}
let template: Template | null = null;

function templateOf(): Template {
  const defaults = deviceConfigSchema.parse({}) as Record<string, unknown>;
  const keys = Object.keys(deviceConfigSchema.shape);
  return { defaults, optional: keys.filter((k) => !(k in defaults)),
    objects: keys.filter((k) => defaults[k] !== null && typeof defaults[k] === 'object'),
    mmio: deviceConfigSchema.parse({ mmio: {} }).mmio!, bases: new Map() };
}

/** The defaults with `given` optional fields in their places (values set by the caller). */
function baseOf(t: Template, given: string): Record<string, unknown> {
  let base = t.bases.get(given);
  if (!base) {
    base = {};
    for (const k of Object.keys(deviceConfigSchema.shape)) {
      if (k in t.defaults) base[k] = t.defaults[k];
      else if (given.split(',').includes(k)) base[k] = undefined;
    }
    t.bases.set(given, base);
  }
  return base;
}

/**
 * What the schema's parse returns for `input`, without checking it: for input a generator builds
 * valid by construction (the fuzzer's swarm), where the check cost more than the rest of a run's
 * setup. `input` must be what the schema passes through unchanged: known keys, no undefined
 * value, every value already valid (integers in range, enum members), `mmio` with its own keys.
 * The result is the same object parse returns, key order included: the keys in schema order,
 * defaults as shallow copies (as zod copies them), `mmio`'s omitted fields filled. It is copied
 * from a prepared object, which costs a quarter of setting its ~40 fields one by one.
 */
export function withDefaults(input: DeviceConfigInput): DeviceConfig {
  const t = (template ??= templateOf());
  const src = input as Record<string, unknown>;
  let given = '';
  for (const k of t.optional) if (src[k] !== undefined) given += `${k},`;
  const out = { ...baseOf(t, given) };
  for (const k in src) {
    const v = src[k];
    if (v !== undefined) out[k] = k === 'mmio' ? { ...t.mmio, ...(v as object) } : v;
  }
  for (const k of t.objects) if (src[k] === undefined) out[k] = shallowCopy(out[k]);
  return out as DeviceConfig;
}

function shallowCopy(v: unknown): unknown {
  if (Array.isArray(v)) return [...v];
  return v !== null && typeof v === 'object' ? { ...v } : v;
}
