/**
 * Admin-queue rules: virtio 1.4 §2.13 Administration Virtqueues and virtio 1.4 §2.12.1 Group
 * administration commands, device and driver requirements
 * (docs/spec-notes.md#device-requirements-for-group-administration-commands).
 */
import { outstandingCount } from '../domain/adminq/occupancy.js';
import {
  VIRTIO_ADMIN_CMD_LIST_QUERY,
  VIRTIO_ADMIN_CMD_LIST_USE,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER,
  VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE,
  VIRTIO_ADMIN_STATUS_Q_OK,
  VIRTIO_ADMIN_STATUS_Q_TRYAGAIN,
} from '../domain/spec/constants.js';
import { qualifierName, STATUS_NAMES, statusName } from '../domain/spec/names.js';
import { adminOpcodeName, requiredValidationFailure } from './adminOracle.js';
import type { Earlier, Rule } from './framework.js';
import { aqCommand } from '../domain/adminq/inflight.js';
import { note, take, type Pending } from './pending.js';

const AQ_DEVICE = 'virtio 1.4 §2.13 Administration Virtqueues / Device Requirements';
const GROUP_CMDS = 'virtio 1.4 §2.12.1 Group administration commands / Device Requirements';
const SRIOV_DRIVER =
  'virtio 1.4 §2.12.1 Group administration commands / Driver Requirements — SR-IOV group type: the member stays ' +
  'within 1..NumVFs and VF Enable set while a command is outstanding';

/** LIST_QUERY and LIST_USE address the group as a whole: their group_member_id is unused. */
const LIST_OPS: ReadonlySet<number> = new Set([VIRTIO_ADMIN_CMD_LIST_QUERY, VIRTIO_ADMIN_CMD_LIST_USE]);

export const fifoPerQueue: Rule = {
  id: 'device.aq.fifo-per-queue',
  actor: 'device',
  section: `${AQ_DEVICE}; docs/ambiguities.md#a6-order-within-one-administration-virtqueue`,
  kind: 'safety',
  description: 'Commands on one admin queue complete in the order they were submitted.',
  on: ['aq/completed'],
  before: (s, e, _m, report) => {
    if (e.type !== 'aq/completed') return;
    const head = s.aq.queues[e.q]?.pending[0];
    if (head !== undefined && head !== e.cid) {
      report(`admin queue ${e.q} completed cid ${e.cid} (${aqCommand(s.aq, e.cid)?.tag}) before older cid ${head} ` +
        `(${aqCommand(s.aq, head)?.tag})`);
    }
  },
};

export const exactlyOnce: Rule = {
  id: 'device.aq.exactly-once',
  actor: 'device',
  section: AQ_DEVICE,
  kind: 'safety',
  description: 'Each submitted command is started once and completed once, never for a command that is not in flight.',
  on: ['aq/started', 'aq/completed'],
  before: (s, e, _m, report) => {
    if (e.type !== 'aq/started' && e.type !== 'aq/completed') return;
    const cmd = aqCommand(s.aq, e.cid);
    const want = e.type === 'aq/started' ? 'submitted' : 'processing';
    if (!cmd) report(`${e.type} for cid ${e.cid}, which is not in flight`);
    else if (cmd.phase !== want) report(`${e.type} for cid ${e.cid} (${cmd.tag}) while it is ${cmd.phase}`);
  },
};

/** The command's state changes before `earlier.n`, back to its last completion: the types that change state. */
function sideEffects(earlier: Earlier): string[] {
  const effects: string[] = [];
  for (let i = earlier.n - 1; i >= 0; i--) {
    const t = earlier.types[i]!;
    if (t === 'aq/completed') break;
    if (t !== 'sched/picked' && t !== 'aq/started') effects.push(t);
  }
  return effects.reverse();
}

export const errorNoSideEffects: Rule = {
  id: 'device.aq.error-no-side-effects',
  actor: 'device',
  section: GROUP_CMDS,
  kind: 'safety',
  description: 'A command that completes with an error (EINVAL, EAGAIN, ENOMEM, ...) leaves no side effects.',
  // What it judges, the command's earlier events, starts afresh with the next command.
  scratch: true,
  // It looks at every event, but only through the types the monitor notes for it: no call per event.
  on: '*',
  judges: ['aq/completed'],
  before: (_s, e, _m, report, earlier) => {
    if (e.type !== 'aq/completed' || e.status === VIRTIO_ADMIN_STATUS_OK) return;
    const effects = sideEffects(earlier);
    if (effects.length > 0) {
      report(`cid ${e.cid} completed ${statusName(e.status)} but changed state (${effects.join(', ')})`);
    }
  },
};

/**
 * cid -> expected qualifier (or -1 for "valid"), computed by the rules' own reading of the spec
 * (./adminOracle.ts) from the state the command met, never by the device's validation.
 */
type Expected = Pending<number>;

const VALIDATION_QUALIFIERS: readonly number[] =
  [VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP, VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE, VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER];

export const validationOrder: Rule<Expected> = {
  id: 'device.aq.validation-order',
  actor: 'device',
  section: GROUP_CMDS,
  kind: 'safety',
  description: 'An invalid command fails EINVAL with INVALID_GROUP, else INVALID_OPCODE, else INVALID_MEMBER, ' +
    'checked in that order; a valid one fails none of them.',
  init: () => [],
  on: ['aq/completed'],
  commandActs: ['aq.complete'],
  command: (s, c, m) => {
    if (c.op !== 'device.run' || c.item.kind !== 'aq.complete') return;
    const cmd = aqCommand(s.aq, c.item.cid);
    if (!cmd) return;
    note(m, cmd.cid, requiredValidationFailure(s, cmd) ?? -1);
  },
  after: (_s, e, m, report) => {
    if (e.type !== 'aq/completed') return;
    const expected = take(m, e.cid);
    if (expected === undefined) return;
    if (expected >= 0 && (e.status !== VIRTIO_ADMIN_STATUS_EINVAL || e.qualifier !== expected)) {
      report(`cid ${e.cid} should fail EINVAL/${qualifierName(expected)} but completed ` +
        `${statusName(e.status)}/${qualifierName(e.qualifier)}`);
    } else if (expected < 0 && e.status === VIRTIO_ADMIN_STATUS_EINVAL && VALIDATION_QUALIFIERS.includes(e.qualifier)) {
      report(`cid ${e.cid} is valid but failed EINVAL/${qualifierName(e.qualifier)}`);
    }
  },
};

export const statusQualifierConsistent: Rule = {
  id: 'device.aq.status-qualifier-consistent',
  actor: 'device',
  section: GROUP_CMDS,
  kind: 'safety',
  description: 'status OK implies status_qualifier Q_OK; status and qualifier use defined values.',
  on: ['aq/completed'],
  after: (_s, e, _m, report) => {
    if (e.type !== 'aq/completed') return;
    if (e.status === VIRTIO_ADMIN_STATUS_OK && e.qualifier !== VIRTIO_ADMIN_STATUS_Q_OK) {
      report(`cid ${e.cid} completed OK with qualifier ${qualifierName(e.qualifier)} (must be Q_OK)`);
    } else if (STATUS_NAMES[e.status] === undefined) {
      report(`cid ${e.cid} completed with undefined status ${e.status}`);
    } else if (e.qualifier > VIRTIO_ADMIN_STATUS_Q_TRYAGAIN) {
      report(`cid ${e.cid} completed with reserved qualifier ${e.qualifier}`);
    }
  },
};

export const memberStableWhileOutstanding: Rule = {
  id: 'driver.aq.member-stable-while-outstanding',
  actor: 'pf-driver',
  section: SRIOV_DRIVER,
  kind: 'safety',
  description: 'The PF driver keeps VF Enable and NumVFs unchanged while any SR-IOV group command to a member is ' +
    'outstanding.',
  on: ['sriov/enabled', 'sriov/disabled'],
  before: (s, e, _m, report) => {
    const out: string[] = [];
    for (const q of s.aq.queues) {
      for (const cid of q.pending) {
        const c = aqCommand(s.aq, cid)!;
        if (c.groupType === VIRTIO_ADMIN_GROUP_TYPE_SRIOV && c.member !== 0 && !LIST_OPS.has(c.opcode)) {
          out.push(`${c.tag} (VF ${c.member})`);
        }
      }
    }
    if (out.length) report(
      `${e.type === 'sriov/disabled' ? 'SR-IOV disabled' : 'SR-IOV enabled'} with commands outstanding: ` +
      `${out.slice(0, 5).join(', ')}${out.length > 5 ? ', ...' : ''}`);
  },
};

export const incarnationBound: Rule = {
  id: 'device.aq.incarnation-bound',
  actor: 'device',
  section: 'docs/ambiguities.md#a7-a-command-whose-vf-is-re-created-before-it-is-processed; ' +
    'docs/extensions.md#virtio-net-admin-control — with memberIncarnation "fail" a command is tied to the VF ' +
    'incarnation it addressed',
  kind: 'safety',
  description: 'With memberIncarnation "fail", no command takes effect on a VF incarnation other than the one it ' +
    'addressed.',
  on: ['aq/completed'],
  after: (s, e, _m, report) => {
    if (e.type !== 'aq/completed' || e.status !== VIRTIO_ADMIN_STATUS_OK
      || s.config.memberIncarnation !== 'fail') return;
    const c = aqCommand(s.aq, e.cid);
    if (!c || c.groupType !== VIRTIO_ADMIN_GROUP_TYPE_SRIOV || c.member < 1 || LIST_OPS.has(c.opcode)) return;
    const now = s.fns[c.member]?.life.incarnation ?? 0;
    if (now !== c.incarnation) {
      report(`${c.tag} addressed VF ${c.member} incarnation ${c.incarnation} but took effect on incarnation ${now}`);
    }
  },
};

export const allCompleteAtSettle: Rule = {
  id: 'device.aq.all-complete-at-settle',
  actor: 'device',
  section: `${AQ_DEVICE}; docs/linux-qemu-vfio.md#submitting-and-completing-admin-commands — Linux waits for each ` +
    `command without a timeout`,
  kind: 'liveness',
  description: 'When the run settles, every submitted admin command has completed (unless a PF reset aborted it).',
  settle: (s, _m, report) => {
    const stuck: string[] = [];
    for (const q of s.aq.queues) for (const cid of q.pending) stuck.push(aqCommand(s.aq, cid)!.tag);
    if (stuck.length) report(
      `${stuck.length} admin command(s) never completed: ` +
      `${stuck.slice(0, 5).join(', ')}${stuck.length > 5 ? ', ...' : ''}`);
  },
};

export const listUseAlone: Rule = {
  id: 'driver.aq.list-use-alone',
  actor: 'pf-driver',
  section: 'virtio 1.4 §2.12.1 Group administration commands / Driver Requirements — LIST_USE only while no other ' +
    'command is outstanding',
  kind: 'safety',
  description: 'The driver does not send LIST_USE while other commands are in flight, nor other commands while ' +
    'LIST_USE is.',
  on: ['aq/submitted'],
  before: (s, e, _m, report) => {
    if (e.type !== 'aq/submitted') return;
    const pending = outstandingCount(s.aq);
    if (e.opcode === VIRTIO_ADMIN_CMD_LIST_USE
      && pending > 0) report(`LIST_USE ${e.tag} submitted with ${pending} command(s) in flight`);
    else {
      for (const q of s.aq.queues) {
        for (const cid of q.pending) {
          if (aqCommand(s.aq, cid)!.opcode === VIRTIO_ADMIN_CMD_LIST_USE) report(
            `${e.tag} submitted while LIST_USE ${aqCommand(s.aq, cid)!.tag} is in flight`);
        }
      }
    }
  },
};

/** The in-use set after reset, for every group type: LIST_QUERY and LIST_USE. */
const AFTER_RESET: readonly number[] = [...LIST_OPS];

export const opcodeInUse: Rule = {
  id: 'driver.aq.opcode-in-use',
  actor: 'pf-driver',
  section: 'virtio 1.4 §2.12.1 Group administration commands / Driver Requirements — only opcodes the device ' +
    'reported and the driver put in use',
  kind: 'safety',
  description: 'The driver sends only opcodes in the in-use set it established with LIST_USE for that group type ' +
    '(LIST_QUERY and LIST_USE from reset, for every group type, so probing a group type is allowed).',
  on: ['aq/submitted'],
  before: (s, e, _m, report) => {
    if (e.type !== 'aq/submitted') return;
    // A group type the device has no set for never saw a successful LIST_USE: it still has the
    // after-reset set, and "the driver MAY discover whether the device supports a group type by
    // issuing LIST_QUERY" with it.
    const inUse = s.aq.inUse[e.groupType] ?? AFTER_RESET;
    if (!inUse.includes(e.opcode)) {
      report(`${e.tag} uses ${adminOpcodeName(e.opcode, s.config)} (0x${e.opcode.toString(16)}), not in use for ` +
        `group type ${e.groupType}`);
    }
  },
};

export const AQ_RULES: readonly Rule[] = [
  fifoPerQueue,
  exactlyOnce,
  errorNoSideEffects,
  validationOrder as Rule,
  statusQualifierConsistent,
  memberStableWhileOutstanding,
  incarnationBound,
  allCompleteAtSettle,
  listUseAlone,
  opcodeInUse,
];
