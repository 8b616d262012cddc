/**
 * virtio-net control rules: the spec's control-queue requirements (virtio 1.4 §5.1 Network Device /
 * Device Operation / Control Virtqueue) and the lifecycle/trust answers of the 2021 admin-cvq
 * proposal (EXTENSION; docs/extensions.md#virtio-net-admin-control).
 */
import { EXT_NET_ADMIN_CTRL_NAME, EXT_NET_OFF_CLASS, EXT_NET_OFF_COMMAND,
  EXT_NET_OFF_DATA } from '../domain/net/extension.js';
import { VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET } from '../domain/spec/net.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import { commandData } from '../wire/adminCmd.js';
import { readLe } from '../wire/bytes.js';
import { fromHex } from '../util/hex.js';
import { adminOpcodeName } from './adminOracle.js';
import type { Rule } from './framework.js';
import { aqCommand } from '../domain/adminq/inflight.js';

const PROPOSAL = 'docs/extensions.md#virtio-net-admin-control';
const CVQ = 'virtio 1.4 §5.1 Network Device / Device Operation / Control Virtqueue';

export const netIncarnationBound: Rule = {
  id: 'device.net.incarnation-bound',
  actor: 'device',
  section: `${PROPOSAL}; docs/ambiguities.md#a7-a-command-whose-vf-is-re-created-before-it-is-processed — EXTENSION: ` +
    `a command's effect is tied to the lifecycle of the virtual device it names (memberIncarnation "fail")`,
  kind: 'safety',
  description: 'With memberIncarnation "fail", a net command sent through the PF never changes a VF incarnation ' +
    'other than the one it addressed.',
  on: ['net/applied'],
  before: (s, e, _m, report) => {
    if (e.type !== 'net/applied' || e.via !== 'admin' || s.config.memberIncarnation !== 'fail') return;
    const c = aqCommand(s.aq, e.cid);
    if (!c || c.groupType !== VIRTIO_ADMIN_GROUP_TYPE_SRIOV) return;
    const now = s.fns[e.fn]!.life.incarnation;
    if (e.fn !== c.member || now !== c.incarnation) {
      report(`${c.tag} addressed VF ${c.member} incarnation ${c.incarnation} but changed VF ${e.fn} incarnation ` +
        `${now} (${e.change.kind})`);
    }
  },
};

export const untrustedCvqRefused: Rule = {
  id: 'device.net.untrusted-cvq-refused',
  actor: 'device',
  section: `${PROPOSAL} — EXTENSION: the trust command decides whether a virtual device's own control virtqueue is ` +
    `honoured`,
  kind: 'safety',
  description: 'A VF that is not trusted never changes its net state through its own control virtqueue.',
  on: ['net/applied'],
  before: (s, e, _m, report) => {
    if (e.type !== 'net/applied' || e.via !== 'cvq' || e.fn === 0) return;
    if (!s.fns[e.fn]!.net.trusted) report(
      `untrusted VF ${e.fn} changed ${e.change.kind} through its own control queue`);
  },
};

export const mqPairsWithinMax: Rule = {
  id: 'device.net.mq-pairs-within-max',
  actor: 'device',
  section: `${CVQ} — VQ_PAIRS_SET takes 1..max_virtqueue_pairs`,
  kind: 'safety',
  description: 'A function\'s active queue pairs stay within 1..max_virtqueue_pairs, whatever a driver asks for.',
  on: ['net/applied'],
  after: (s, e, _m, report) => {
    if (e.type !== 'net/applied' || e.change.kind !== 'vqPairs') return;
    const p = s.fns[e.fn]!.net.vqPairs;
    if (p < 1 || p > s.config.netMaxVqPairs) report(
      `function ${e.fn} now has ${p} queue pairs (allowed 1..${s.config.netMaxVqPairs})`);
  },
};

function pairsOutOfRange(s: Readonly<TwinState>, cls: number, cmd: number, data: Uint8Array): number | null {
  if (cls !== VIRTIO_NET_CTRL_MQ || cmd !== VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET) return null;
  const pairs = readLe(data, 0, 2);
  return pairs < 1 || pairs > s.config.netMaxVqPairs ? pairs : null;
}

export const driverMqPairsInRange: Rule = {
  id: 'driver.net.mq-pairs-in-range',
  actor: 'pf-driver',
  section: `${CVQ} / Driver Requirements — MUST NOT send 0 or more than max_virtqueue_pairs`,
  kind: 'safety',
  description: 'The PF driver asks for 1..max_virtqueue_pairs queue pairs when it sets a function\'s MQ ' +
    'through the PF.',
  on: ['aq/submitted'],
  before: (s, e, _m, report) => {
    if (e.type !== 'aq/submitted' || adminOpcodeName(e.opcode, s.config) !== EXT_NET_ADMIN_CTRL_NAME) return;
    const d = commandData(fromHex(e.req));
    const bad = pairsOutOfRange(s, d[EXT_NET_OFF_CLASS] ?? 0, d[EXT_NET_OFF_COMMAND] ?? 0,
      d.subarray(Math.min(d.length, EXT_NET_OFF_DATA)));
    if (bad !== null) report(`${e.tag} asks for ${bad} queue pairs (allowed 1..${s.config.netMaxVqPairs})`);
  },
};

export const guestMqPairsInRange: Rule = {
  id: 'guest.net.mq-pairs-in-range',
  actor: 'guest',
  section: `${CVQ} / Driver Requirements — MUST NOT send 0 or more than max_virtqueue_pairs`,
  kind: 'safety',
  description: 'A function\'s own driver asks for 1..max_virtqueue_pairs queue pairs on its control queue.',
  on: ['net/cvqSubmitted'],
  before: (s, e, _m, report) => {
    if (e.type !== 'net/cvqSubmitted') return;
    const bad = pairsOutOfRange(s, e.cls, e.cmd, fromHex(e.data));
    if (bad !== null) report(
      `function ${e.fn}'s driver asks for ${bad} queue pairs (allowed 1..${s.config.netMaxVqPairs})`);
  },
};

export const barrierBeforeVfChange: Rule = {
  id: 'driver.net.barrier-before-vf-change',
  actor: 'pf-driver',
  section: `${PROPOSAL} — EXTENSION, the PF driver's barrier: commands before it may be abandoned, the rest are for ` +
    `the new VF`,
  kind: 'safety',
  description: 'The PF driver disables SR-IOV with net commands to a VF outstanding only after placing a barrier for ' +
    'that VF behind them.',
  on: ['sriov/disabled'],
  before: (s, _e, _m, report) => {
    for (const q of s.aq.queues) {
      for (const cid of q.pending) {
        const c = aqCommand(s.aq, cid)!;
        if (c.groupType !== VIRTIO_ADMIN_GROUP_TYPE_SRIOV || c.member < 1
          || adminOpcodeName(c.opcode, s.config) !== EXT_NET_ADMIN_CTRL_NAME) continue;
        const before = s.netCtl.barriers[c.member];
        if (before === undefined || before <= cid) report(
          `SR-IOV disabled with ${c.tag} to VF ${c.member} outstanding and no barrier behind it`);
      }
    }
  },
};

export const NET_RULES: readonly Rule[] = [
  netIncarnationBound,
  untrustedCvqRefused,
  mqPairsWithinMax,
  driverMqPairsInRange,
  guestMqPairsInRange,
  barrierBeforeVfChange,
];
