/**
 * A report read back for merging (src/fuzz/reportSchema.ts): accepted unchanged when it is one,
 * else refused with the file, the JSON path and what was expected there.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../src/errors.js';
import { runRange } from '../../../src/fuzz/campaign.js';
import { addRuns, emptyReport } from '../../../src/fuzz/report.js';
import { parseReport } from '../../../src/fuzz/reportSchema.js';

const real = JSON.parse(JSON.stringify(addRuns(emptyReport(2, 'aq-reorder', 20),
  runRange({ seed: 2, profile: 'aq-reorder', actions: 20 }, 0, 100))));

function refusal(doc: unknown): string {
  try {
    parseReport(doc, 'r.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('parseReport', () => {
  it('accepts a report as written, keeping every field (a finding\'s config and commands included)', () => {
    expect(real.findings.length).toBeGreaterThan(0);
    expect(parseReport(real, 'r.json')).toBe(real);
    expect(parseReport(real, 'r.json').findings[0]!.commands.length).toBeGreaterThan(0);
  });

  it('refuses what is not a report at all, at its format', () => {
    expect(refusal([1, 2])).toBe(
      'r.json: format: a vtwin fuzz report with format "vtwin-fuzz-report/1" (not an object)');
    expect(refusal(null)).toBe('r.json: format: a vtwin fuzz report with format "vtwin-fuzz-report/1" (not an object)');
    expect(refusal({ ...real, format: 'vtwin-fuzz-report/2' })).toBe(
      'r.json: format: a vtwin fuzz report with format "vtwin-fuzz-report/1" (format "vtwin-fuzz-report/2")');
  });

  it('names the first wrong field in report order, and what it should be', () => {
    expect(refusal({ format: 'vtwin-fuzz-report/1' })).toBe('r.json: seed: a non-negative integer');
    expect(refusal({ ...real, runs: -1, events: 'many' })).toBe('r.json: runs: a non-negative integer');
    expect(refusal({ ...real, actions: 1.5 })).toBe('r.json: actions: a non-negative integer');
    expect(refusal({ ...real, findings: {} })).toBe('r.json: findings: an array of findings');
  });

  it('goes down to the element: a range, a per-rule count, a finding field', () => {
    expect(refusal({ ...real, ranges: [[0, 100], [150]] })).toBe('r.json: ranges[1]: a [from, to] run-index pair');
    expect(refusal({ ...real, ranges: [[9, 3]] })).toBe(
      'r.json: ranges[0]: a [from, to] run-index pair with from <= to');
    expect(refusal({ ...real, ranges: [[0, -4]] })).toBe('r.json: ranges[0][1]: a non-negative run index');
    expect(refusal({ ...real, exercised: { ...real.exercised, 'device.aq.fifo-per-queue': 'x' } })).toBe(
      'r.json: exercised["device.aq.fifo-per-queue"]: a non-negative integer (count)',
    );
    expect(refusal({ ...real, violationsByRule: [] })).toBe(
      'r.json: violationsByRule: an object of rule id -> run count');
    expect(refusal({ ...real, findings: [real.findings[0], 7] })).toBe('r.json: findings[1]: a finding object');
    expect(refusal({ ...real, findings: [{ ...real.findings[0], shrunk: 'yes' }] })).toBe(
      'r.json: findings[0].shrunk: true or false');
  });
});
