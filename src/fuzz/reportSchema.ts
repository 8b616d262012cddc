/**
 * The shape of a campaign report read back (`vtwin fuzz merge`): a hand-edited or foreign file is
 * refused with its JSON path and what was expected there, before any merging. Fields a merge
 * never reads (a finding's config and commands) are carried through unchecked.
 */
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { jsonPath } from '../scenario/schema.js';
import type { CampaignReport } from './report.js';

export const REPORT_FORMAT = 'vtwin-fuzz-report/2';

const formatExpected = (got: string) => `a vtwin fuzz report with format "${REPORT_FORMAT}" (${got})`;
/** Format 1 kept several findings per rule and no strategy: its findings do not merge with ours. */
const formatGot = (input: unknown) =>
  input === 'vtwin-fuzz-report/1'
    ? 'format "vtwin-fuzz-report/1", from an older vtwin: run that campaign again with this one'
    : `format ${JSON.stringify(input)}`;

const nat = (expected: string) => z.int({ error: expected }).min(0, { error: expected });
const str = (expected: string) => z.string({ error: expected });
const counts = (what: string) =>
  z.record(z.string(), nat(`a non-negative integer (${what})`), { error: `an object of rule id -> ${what}` });

const range = z
  .tuple([nat('a non-negative run index'), nat('a non-negative run index')], { error: 'a [from, to] run-index pair' })
  .refine(([from, to]) => from <= to, { error: 'a [from, to] run-index pair with from <= to' });

const consequenceSchema = z.looseObject(
  { rule: str('a rule id'), actor: str('an actor'), message: str('a string') },
  { error: 'a consequence object' },
);

const findingSchema = z.looseObject(
  {
    rule: str('a rule id'),
    message: str('a string'),
    consequences: z.array(consequenceSchema, { error: 'an array of consequences' }),
    index: nat('a run index'),
    seed: nat('a run seed'),
    inputs: nat('a command count'),
    signature: str('a string'),
    shrunk: z.boolean({ error: 'true or false' }),
  },
  { error: 'a finding object' },
);

export const reportSchema = z.looseObject(
  {
    format: z.literal(REPORT_FORMAT, { error: (issue) => formatExpected(formatGot(issue.input)) }),
    seed: nat('a non-negative integer'),
    profile: str('a string'),
    actions: nat('a non-negative integer'),
    strategy: z.enum(['swarm', 'pct'], { error: '"swarm" or "pct"' }),
    depth: z.union([z.int().min(1), z.null()], { error: 'a positive integer (pct) or null (swarm)' }),
    ranges: z.array(range, { error: 'an array of [from, to] run-index pairs' }),
    runs: nat('a non-negative integer'),
    events: nat('a non-negative integer'),
    commands: nat('a non-negative integer'),
    misbehavingRuns: nat('a non-negative integer'),
    violationsByRule: counts('run count'),
    findingsByRule: counts('run count'),
    consequencesByRule: counts('run count'),
    exercised: counts('count'),
    findings: z.array(findingSchema, { error: 'an array of findings' }),
    partial: z.literal(true, { error: 'true, or absent' }).optional(),
  },
  // Anything but an object is "not a report": said where the format would be.
  { error: () => formatExpected('not an object') },
);

/** `doc` as a CampaignReport, or a ScenarioError naming `file`, the JSON path and what was expected. */
export function parseReport(doc: unknown, file: string): CampaignReport {
  const r = reportSchema.safeParse(doc);
  if (r.success) return doc as CampaignReport;
  const issue = r.error.issues[0]!;
  const path = jsonPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
  throw new ScenarioError(file, path || 'format', issue.message);
}
