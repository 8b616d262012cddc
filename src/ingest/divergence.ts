/**
 * A divergence: an observation the conforming twin does not predict at that point
 * (README "Captured traces"), with the rule, section and actor that explain it.
 */
import type { Actor } from '../domain/items.js';
import { CAPTURE_RULES } from '../rules/capture.js';
import { ALL_RULES } from '../rules/index.js';
import { fnLabel } from './fnmap.js';

export interface Divergence {
  /** 1-based capture line of the observation. */
  line: number;
  /** The twin's event at that point (the last event before it when nothing was produced). */
  seq: number;
  /** "pf" or "vfN". */
  fn: string;
  what: string;
  observed: string;
  expected: string;
  rule: string;
  section: string;
  actor: Actor;
}

/** What a caller says; the rule's section and default actor are filled in. */
export interface DivergenceInput {
  line: number;
  seq: number;
  fn: number;
  what: string;
  observed: string;
  expected: string;
  rule: string;
  /** Overrides the rule's actor (a vfio capture's MSI-X mask is QEMU's, not the device's). */
  actor?: Actor;
}

const BY_ID = new Map([...ALL_RULES, ...CAPTURE_RULES].map((r) => [r.id, r]));

export function divergence(d: DivergenceInput): Divergence {
  const rule = BY_ID.get(d.rule);
  if (!rule) throw new Error(`virtio-twin internal invariant failed: divergence cites unknown rule ${d.rule}`);
  return {
    line: d.line,
    seq: d.seq,
    fn: fnLabel(d.fn),
    what: d.what,
    observed: d.observed,
    expected: d.expected,
    rule: d.rule,
    section: rule.section,
    actor: d.actor ?? rule.actor,
  };
}

export const hex = (v: number): string => `0x${v.toString(16)}`;
