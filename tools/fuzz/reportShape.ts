/**
 * The shape of a report.json read back by `vtwin fuzz merge`: a hand-edited or foreign file is
 * refused with its JSON path and what was expected, before any merging (README "CLI reference": bad
 * input).
 */
import { ScenarioError } from '../../src/errors.js';
import type { CampaignReport } from '../../src/fuzz/report.js';

type Check = (v: unknown) => boolean;
const int: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const str: Check = (v) => typeof v === 'string';
const counts: Check = (v) => isObject(v) && Object.values(v).every(int);
const ranges: Check = (v) => Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 2 && int(r[0]) && int(r[1]) && r[0] <= r[1]);

const FIELDS: [keyof CampaignReport, Check, string][] = [
  ['seed', int, 'a non-negative integer'],
  ['profile', str, 'a string'],
  ['actions', int, 'a non-negative integer'],
  ['ranges', ranges, 'an array of [from, to] run-index pairs'],
  ['runs', int, 'a non-negative integer'],
  ['events', int, 'a non-negative integer'],
  ['commands', int, 'a non-negative integer'],
  ['misbehavingRuns', int, 'a non-negative integer'],
  ['violationsByRule', counts, 'an object of rule id -> count'],
  ['findingsByRule', counts, 'an object of rule id -> count'],
  ['exercised', counts, 'an object of rule id -> count'],
  ['findings', Array.isArray, 'an array of findings'],
];

const FINDING: [string, Check, string][] = [
  ['rule', str, 'a rule id'],
  ['message', str, 'a string'],
  ['index', int, 'a run index'],
  ['seed', int, 'a run seed'],
  ['inputs', int, 'a command count'],
  ['signature', str, 'a string'],
  ['shrunk', (v) => typeof v === 'boolean', 'true or false'],
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `doc` as a CampaignReport, or a ScenarioError(file, JSON path, expected) for the first bad field. */
export function checkReport(doc: unknown, file: string): CampaignReport {
  if (!isObject(doc) || doc.format !== 'vtwin-fuzz-report/1') {
    const got = isObject(doc) ? `format ${JSON.stringify(doc.format)}` : 'not an object';
    throw new ScenarioError(file, 'format', `a vtwin fuzz report with format "vtwin-fuzz-report/1" (${got})`);
  }
  for (const [key, ok, expected] of FIELDS) {
    if (!ok(doc[key])) throw new ScenarioError(file, key, expected);
  }
  (doc.findings as unknown[]).forEach((f, i) => {
    if (!isObject(f)) throw new ScenarioError(file, `findings[${i}]`, 'a finding object');
    for (const [key, ok, expected] of FINDING) {
      if (!ok(f[key])) throw new ScenarioError(file, `findings[${i}].${key}`, expected);
    }
  });
  return doc as unknown as CampaignReport;
}
