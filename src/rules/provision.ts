/**
 * VF MSI-X provisioning rules for the VTWIN_EXT_VF_MSIX_* extension (docs/extensions.md#vf-msi-x-provisioning;
 * Linux sriov_vf_msix_count, docs/linux-qemu-vfio.md#vf-msi-x-count-sriov_vf_msix_count). The pool is judged from the
 * VFs' actual Table
 * Sizes, tracked from events, never from the device's own bookkeeping.
 */
import type { Event } from '../domain/events.js';
import { wordsFor } from '../domain/msix/bits.js';
import {
  VIRTIO_ADMIN_STATUS_EBUSY,
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_ENOSPC,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_COMMAND,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
  VIRTIO_ADMIN_STATUS_Q_NORESOURCE,
  VIRTIO_ADMIN_STATUS_Q_OK,
} from '../domain/spec/constants.js';
import { qualifierName, statusName } from '../domain/spec/names.js';
import type { TwinState } from '../domain/state.js';
import { commandData } from '../wire/adminCmd.js';
import { readLe } from '../wire/bytes.js';
import { fromHex } from '../util/hex.js';
import { adminOpcodeName, requiredValidationFailure } from './adminOracle.js';
import type { Rule } from './framework.js';
import { aqCommand } from '../domain/adminq/inflight.js';

const EXT = 'docs/extensions.md#vf-msi-x-provisioning; docs/linux-qemu-vfio.md#vf-msi-x-count-sriov_vf_msix_count';

/** Sum of live VFs' Table Sizes, kept from events: O(1) per provisioning event. */
interface PoolMem {
  sum: number;
  old: number;
}

function trackPool(s: Readonly<TwinState>, e: Event, mem: PoolMem, phase: 'before' | 'after'): void {
  if (e.type === 'provision/set') {
    if (phase === 'before') mem.old = s.fns[e.fn]!.msix.tableSize;
    else mem.sum += s.fns[e.fn]!.msix.tableSize - mem.old;
  } else if (phase === 'after' && (e.type === 'provision/defaults' || e.type === 'sriov/enabled')) {
    mem.sum = 0;
    for (let i = 1; i <= s.sriov.numVFs; i++) mem.sum += s.fns[i]!.msix.tableSize;
  } else if (phase === 'after' && e.type === 'sriov/disabled') {
    mem.sum = 0;
  }
}

const POOL_EVENTS = ['provision/set', 'provision/defaults', 'sriov/enabled', 'sriov/disabled'] as const;

export const poolNeverOvercommitted: Rule<PoolMem> = {
  id: 'device.provision.pool-never-overcommitted',
  actor: 'device',
  section: `${EXT} — the PF never hands its VFs more vectors than vfMsixPool`,
  kind: 'safety',
  description: 'The live VFs\' MSI-X Table Sizes never add up to more than the PF pool.',
  init: () => ({ sum: 0, old: 0 }),
  on: POOL_EVENTS,
  before: (s, e, mem) => trackPool(s, e, mem, 'before'),
  after: (s, e, mem, report) => {
    trackPool(s, e, mem, 'after');
    if (e.type !== 'sriov/enabled' && mem.sum > s.config.vfMsixPool) report(
      `VFs hold ${mem.sum} MSI-X vectors, pool ${s.config.vfMsixPool}`);
  },
};

export const refusedWhileBusy: Rule = {
  id: 'device.provision.refused-while-busy',
  actor: 'device',
  section: `${EXT} — a VF's count changes only with no driver bound and MSI-X disabled (the bound driver sized ` +
    `itself from the old count)`,
  kind: 'safety',
  description: 'A VF\'s vector count never changes while a driver is bound to it or its MSI-X Enable is set.',
  on: ['provision/set'],
  before: (s, e, _m, report) => {
    if (e.type !== 'provision/set') return;
    const f = s.fns[e.fn]!;
    if (f.driver !== null) report(`VF ${e.fn} re-provisioned to ${e.count} vectors while ${f.driver} is bound`);
    else if (f.msix.enabled) report(`VF ${e.fn} re-provisioned to ${e.count} vectors with MSI-X enabled`);
  },
};

export const tableSizeMatches: Rule = {
  id: 'device.provision.table-size-matches',
  actor: 'device',
  section: `${EXT} — on success the VF's Table Size reads count-1 at its next read; GET reports the count`,
  kind: 'safety',
  description: 'After a provisioning change the VF\'s table has exactly the provisioned entries, and GET reports the ' +
    'Table Size the VF has.',
  on: ['provision/set', 'aq/completed'],
  after: (s, e, _m, report) => {
    if (e.type === 'provision/set') {
      const m = s.fns[e.fn]!.msix;
      if (m.tableSize !== e.count || m.mask.length !== wordsFor(e.count) || m.pba.length !== wordsFor(e.count)
          || m.data.length > e.count) {
        report(`VF ${e.fn} provisioned ${e.count} vectors but its table has ${m.tableSize} (mask bits for ` +
          `${32 * m.mask.length})`);
      }
    } else if (e.type === 'aq/completed' && e.status === VIRTIO_ADMIN_STATUS_OK) {
      const c = aqCommand(s.aq, e.cid);
      if (!c || adminOpcodeName(c.opcode, s.config) !== 'VTWIN_EXT_VF_MSIX_GET' || e.result.length < 4) return;
      // GET result: le16 msix_count first.
      const got = readLe(fromHex(e.result), 0, 2);
      const have = s.fns[c.member]?.msix.tableSize;
      if (got !== have) report(`GET for VF ${c.member} reported ${got} vectors; its Table Size is ${have}`);
    }
  },
};

interface OutcomeMem extends PoolMem {
  expect: Record<number, [number, number]>;
}

export const setOutcome: Rule<OutcomeMem> = {
  id: 'device.provision.outcome',
  actor: 'device',
  section: `${EXT} — EBUSY if bound or enabled, else EINVAL/INVALID_FIELD below min, ENOSPC/INVALID_FIELD above max, ` +
    `ENOSPC/NORESOURCE past the pool, else OK`,
  kind: 'safety',
  description: 'VTWIN_EXT_VF_MSIX_SET completes with the documented status and qualifier for its case, checked in ' +
    'the documented order.',
  init: () => ({ sum: 0, old: 0, expect: {} }),
  on: [...POOL_EVENTS, 'aq/completed'],
  commandActs: ['aq.complete'],
  command: (s, c, mem) => {
    if (c.op !== 'device.run' || c.item.kind !== 'aq.complete') return;
    const cmd = aqCommand(s.aq, c.item.cid);
    if (!cmd || adminOpcodeName(cmd.opcode, s.config) !== 'VTWIN_EXT_VF_MSIX_SET') return;
    // An invalid command is device.aq.validation-order's to judge.
    if (requiredValidationFailure(s, cmd) !== null) return;
    const req = fromHex(cmd.req);
    const f = s.fns[cmd.member]!;
    const asked = readLe(commandData(req), 0, 2);
    const count = asked === 0 ? s.vfMsix.defaultCount : asked;
    let want: [number, number] = [VIRTIO_ADMIN_STATUS_OK, VIRTIO_ADMIN_STATUS_Q_OK];
    if (f.driver !== null || f.msix.enabled) want = [VIRTIO_ADMIN_STATUS_EBUSY, VIRTIO_ADMIN_STATUS_Q_INVALID_COMMAND];
    else if (asked !== 0 && count < s.config.vfMsixMin) want =
      [VIRTIO_ADMIN_STATUS_EINVAL, VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD];
    else if (asked !== 0 && count > s.config.vfMsixMax) want =
      [VIRTIO_ADMIN_STATUS_ENOSPC, VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD];
    else if (mem.sum - f.msix.tableSize + count > s.config.vfMsixPool) want =
      [VIRTIO_ADMIN_STATUS_ENOSPC, VIRTIO_ADMIN_STATUS_Q_NORESOURCE];
    mem.expect[cmd.cid] = want;
  },
  before: (s, e, mem) => trackPool(s, e, mem, 'before'),
  after: (s, e, mem, report) => {
    trackPool(s, e, mem, 'after');
    if (e.type !== 'aq/completed') return;
    const want = mem.expect[e.cid];
    delete mem.expect[e.cid];
    if (want && (want[0] !== e.status || want[1] !== e.qualifier)) {
      report(`VTWIN_EXT_VF_MSIX_SET cid ${e.cid} completed ${statusName(e.status)}/${qualifierName(e.qualifier)}, ` +
        `expected ${statusName(want[0])}/${qualifierName(want[1])}`);
    }
  },
};

export const PROVISION_RULES: readonly Rule[] = [
  poolNeverOvercommitted as Rule,
  refusedWhileBusy,
  tableSizeMatches,
  setOutcome as Rule,
];
