/**
 * Profiles: named device behaviours (DESIGN §7). `spec` is the conforming reference; the others
 * are deliberate deviations that real devices and proposals exhibit. Each names the rules that
 * catch it, and the fuzzer's mutation score checks that claim.
 */
export interface Quirks {
  /** Starts any pending command of a queue, not just the oldest (breaks FIFO per queue). */
  aqReorder?: boolean;
  /** Under memberIncarnation "fail", completes a stale command OK on the VF's new incarnation. */
  staleIncarnationOk?: boolean;
  /** Never processes commands queued before an SR-IOV disable/enable (they hang). */
  stallAcrossDisable?: boolean;
  /** Checks the member before the opcode (wrong validation order). */
  memberBeforeOpcode?: boolean;
  /** Applies a command's effects even when it answers with an error. */
  errorSideEffects?: boolean;
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
    description: 'Processes commands within one admin queue out of order (the informal "no order constraints" reading).',
    caughtBy: ['device.aq.fifo-per-queue'],
    quirks: { aqReorder: true },
  },
  {
    name: 'stale-incarnation-ok',
    description: 'With memberIncarnation "fail", still completes a command addressed to a destroyed VF with OK on its re-created incarnation.',
    caughtBy: ['device.aq.incarnation-bound'],
    quirks: { staleIncarnationOk: true },
  },
  {
    name: 'stall-across-disable',
    description: 'Never completes admin commands that were queued across an SR-IOV disable (the driver waits forever, as Linux has no timeout).',
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
    description: 'Applies a command\'s effects even when it completes with an error status (e.g. a rejected LIST_USE still changes the in-use set).',
    caughtBy: ['device.aq.error-no-side-effects'],
    quirks: { errorSideEffects: true },
  },
];

export function profileByName(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}

export function profileNames(): string[] {
  return PROFILES.map((p) => p.name);
}
