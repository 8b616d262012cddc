/**
 * The shape of an exploration report read back (`vtwin explore merge`): a hand-edited or foreign
 * file is refused with its JSON path and what was expected there, before any merging.
 */
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { jsonPath } from '../scenario/schema.js';
import { EXPLORE_REPORT_FORMAT, type ExploreReport } from './report.js';

const formatExpected = (got: string) => `a vtwin explore report with format "${EXPLORE_REPORT_FORMAT}" (${got})`;
const nat = z.int({ error: 'a non-negative integer' }).min(0, { error: 'a non-negative integer' });
const natOrNull = nat.nullable();
const str = z.string({ error: 'a string' });

const consequence = z.looseObject({ rule: str, actor: str, message: str }, { error: 'a consequence object' });

const finding = z.looseObject(
  {
    rule: str,
    actor: str,
    message: str,
    schedule: nat,
    consequences: z.array(consequence, { error: 'an array of consequences' }),
    shrunk: z.boolean({ error: 'true or false' }),
    inputs: nat,
    scenario: str.nullable(),
    trace: str.nullable(),
  },
  { error: 'a finding object' },
);

export const exploreReportSchema = z.looseObject(
  {
    format: z.literal(EXPLORE_REPORT_FORMAT, {
      error: (issue) => formatExpected(`format ${JSON.stringify(issue.input)}`),
    }),
    source: str,
    kind: z.enum(['scenario', 'trace'], { error: '"scenario" or "trace"' }),
    profile: str,
    bound: z.strictObject({
      depth: natOrNull,
      preemptions: natOrNull,
      timeMs: z.number({ error: 'a number of milliseconds' }).nullable(),
    }),
    complete: z.boolean({ error: 'true or false' }),
    stoppedBy: z.enum(['depth', 'preemptions', 'time'], { error: '"depth", "preemptions", "time" or null' }).nullable(),
    schedules: nat,
    states: nat,
    moves: nat,
    naive: z.number({ error: 'a number or null' }).nullable(),
    units: nat,
    split: nat,
    elapsedMs: z.number({ error: 'a number or null' }).nullable(),
    shard: z
      .strictObject({
        count: nat.min(1, { error: 'at least 1' }),
        indices: z.array(nat, { error: 'an array of shard indices' }).min(1),
      })
      .nullable(),
    violations: z.record(z.string(), nat, { error: 'an object of rule id -> count' }),
    documented: z.array(str, { error: 'an array of rule ids' }),
    findings: z.array(finding, { error: 'an array of findings' }),
  },
  { error: () => formatExpected('not an object') },
);

/** `doc` as an ExploreReport, or a ScenarioError naming `file`, the JSON path and what was expected. */
export function parseExploreReport(doc: unknown, file: string): ExploreReport {
  const r = exploreReportSchema.safeParse(doc);
  if (r.success) return doc as ExploreReport;
  const issue = r.error.issues[0]!;
  const path = jsonPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
  throw new ScenarioError(file, path || 'format', issue.message);
}
