/**
 * Expectation kinds (README "Scenario format"), as a registry keyed by the `expect` field. Each
 * kind has a schema, optional load-time checks, and `evaluate`, which looks at the run so far and
 * returns null (passed) or a sentence saying what differed. Areas add kinds by adding entries.
 */
import { z } from 'zod';
import { qualifierByName, qualifierName, statusByName, statusName } from '../domain/spec/names.js';
import type { TwinState } from '../domain/state.js';
import { ruleById, ALL_RULES, type Violation } from '../rules/index.js';
import { knownNames } from '../util/closest.js';
import { pendingBit, type RunLog } from './log.js';
import type { LoadCtx } from './registry.js';
import { fnRef, hexSchema, tagSchema, type Problem } from './schema.js';
import { parseStatePath, readPath, sameValue, show, STATE_ROOTS } from './statePath.js';
import { stateView } from '../domain/view.js';
import type { ExpectStep } from './types.js';

export interface EvalCtx {
  state: Readonly<TwinState>;
  log: RunLog;
  violations: readonly Violation[];
  /** Index of the most recent command step, -1 if none ran yet. */
  lastOp: number;
}

export interface ExpectSpec<S extends ExpectStep = ExpectStep> {
  schema: z.ZodType<S>;
  doc: string;
  check?(step: S, ctx: LoadCtx): Problem | null;
  evaluate(step: S, ctx: EvalCtx): string | null;
}

/** Build an entry with its step type inferred from the schema. */
function kind<S extends ExpectStep>(spec: ExpectSpec<S>): ExpectSpec {
  return spec as unknown as ExpectSpec;
}

function tagDefinedBefore(tag: string, ctx: LoadCtx): Problem | null {
  const at = ctx.tags.get(tag);
  if (at !== undefined && at < ctx.index) return null;
  const known = [...ctx.tags].filter(([, i]) => i < ctx.index).map(([t]) => t);
  const where = at !== undefined ? ` (it is defined later, by steps[${at}])` : '';
  return { path: ['tag'],
    expected: `a tag defined by an earlier command step${where}; known here: ` +
    `${known.length ? known.join(', ') : 'none'}` };
}

const errnoName = z.string().regex(/^E[A-Z0-9]+$/, { error: 'an errno name such as "EINVAL", "ENOSPC", "EIO"' });

const completion = z.strictObject({
  expect: z.literal('completion'),
  tag: tagSchema,
  /** Spec status name, or "none": the device never completed the command. */
  status: z.string().min(1),
  qualifier: z.string().min(1).optional(),
  result: hexSchema.optional(),
  /** The used length the device reported (status block included). */
  usedLen: z.int().min(0).optional(),
  /** The driver's result descriptor past the bytes the device wrote (stale bytes), hex. */
  resultBeyond: hexSchema.optional(),
  /** The result as Linux hands it to the caller (its result descriptor, used length - 8 bytes), hex. */
  driverResult: hexSchema.optional(),
  /** The submitting caller's view: "OK", an errno name, or "pending". */
  driver: z.union([z.literal('OK'), z.literal('pending'), errnoName],
    { error: '"OK", "pending" or an errno name such as "EIO"' }).optional(),
});

const state = z.strictObject({ expect: z.literal('state'), path: z.string().min(1).max(500), equals: z.unknown() });
const violation = z.strictObject({ expect: z.literal('violation'), rule: z.string().min(1) });
const noViolations = z.strictObject({ expect: z.literal('no-violations') });
const interrupts = z.strictObject({
  expect: z.literal('interrupts'),
  fn: fnRef,
  vector: z.int().min(0).max(0x7ff),
  delivered: z.int().min(0),
  pending: z.boolean().optional(),
});
/**
 * Every errno a refusal or rejected-submit event of the twin carries (Linux's answers: ERANGE for
 * more VFs than TotalVFs, ENOSPC for a full admin queue, EPERM for a
 * notification the device may not send yet, ...). A test keeps it in step with the
 * deciders, so a misspelt errno in `expect: refused` is refused at load time, not at run time.
 */
export const REFUSAL_ERRNOS = ['EBUSY', 'EINVAL', 'EIO', 'ENODEV', 'ENOENT', 'ENOSPC', 'EPERM', 'ERANGE'] as const;

const refused = z.strictObject({ expect: z.literal('refused'),
  errno: z.enum(REFUSAL_ERRNOS, { error: `an errno the twin refuses with: ${REFUSAL_ERRNOS.join(', ')}` }) });

export const EXPECTATIONS: Record<string, ExpectSpec> = {
  completion: kind({
    schema: completion,
    doc: 'the command tagged `tag` completed with `status` (spec name, or "none" = never completed by the device), ' +
      'optionally `qualifier`, `result` (hex), `usedLen` (bytes the device reported), `resultBeyond` (hex of the ' +
      'result descriptor past what the device wrote), `driverResult` (the result Linux hands the caller) and ' +
      '`driver` (what the caller got)',
    check: (s, ctx) => {
      const t = tagDefinedBefore(s.tag, ctx);
      if (t) return t;
      if (s.status === 'none') {
        const written = ['qualifier', 'result', 'usedLen', 'resultBeyond', 'driverResult'] as const;
        const field = written.find((k) => s[k] !== undefined);
        if (field) return { path: [field], expected: 'nothing: status "none" means the device wrote no status block' };
        return null;
      }
      if (statusByName(s.status) === undefined) return { path: ['status'],
        expected: 'a spec status name (OK, EAGAIN, ENOMEM, EBUSY, EINVAL, ENOSPC, ...) or "none"' };
      if (s.qualifier !== undefined && qualifierByName(s.qualifier) === undefined) {
        return { path: ['qualifier'],
          expected: 'a spec status qualifier name (OK, INVALID_COMMAND, INVALID_OPCODE, INVALID_FIELD, ' +
          'INVALID_GROUP, INVALID_MEMBER, NORESOURCE, TRYAGAIN)' };
      }
      return null;
    },
    evaluate: (s, { log }) => {
      const r = log.command(s.tag);
      if (!r) return `completion ${s.tag}: never submitted`;
      const got = r.status === null ? 'none' : `${statusName(r.status)}/${qualifierName(r.qualifier!)}`;
      const diffs: string[] = [];
      if (s.status === 'none') {
        if (r.status !== null) diffs.push(`status none (never completed by the device), got ${got}`);
      } else if (r.status === null) {
        diffs.push(`status ${s.status}, but the device has not completed it (driver: ` +
          `${r.driver}${r.reason ? `, ${r.reason}` : ''})`);
      } else {
        if (statusByName(s.status) !== r.status) diffs.push(`status ${s.status}, got ${statusName(r.status)}`);
        if (s.qualifier !== undefined && qualifierByName(s.qualifier) !== r.qualifier) diffs.push(
          `qualifier ${s.qualifier}, got ${qualifierName(r.qualifier!)}`);
        if (s.result !== undefined && s.result !== r.result) diffs.push(
          `result ${s.result || '(empty)'}, got ${r.result || '(empty)'}`);
        if (s.usedLen !== undefined && s.usedLen !== r.usedLen) diffs.push(`usedLen ${s.usedLen}, got ${r.usedLen}`);
        if (s.resultBeyond !== undefined && s.resultBeyond !== r.resultBeyond) diffs.push(
          `resultBeyond ${s.resultBeyond || '(empty)'}, got ${r.resultBeyond || '(empty)'}`);
        if (s.driverResult !== undefined && s.driverResult !== r.driverResult) diffs.push(
          `driverResult ${s.driverResult || '(empty)'}, got ${r.driverResult || '(empty)'}`);
      }
      if (s.driver !== undefined && s.driver !== r.driver) diffs.push(`driver ${s.driver}, got ${r.driver}`);
      return diffs.length ? `completion ${s.tag}: expected ${diffs.join('; ')}` : null;
    },
  }),
  state: kind({
    schema: state,
    doc: 'the twin state at `path` (dotted, `fns.2.life.incarnation` or `fns[2].life`) deep-equals `equals`',
    check: (s) => {
      const segs = parseStatePath(s.path);
      if (!segs) return { path: ['path'],
        expected: 'a dotted path such as "sriov.numVFs" or "fns[2].life.incarnation"' };
      if (!STATE_ROOTS.includes(String(segs[0]))) return { path: ['path'],
        expected: `a path starting with one of: ${STATE_ROOTS.join(', ')}` };
      return null;
    },
    evaluate: (s, { state: st }) => {
      const r = readPath(stateView(st), parseStatePath(s.path)!);
      if (!r.found) return `state ${s.path}: no such path (${r.missing})`;
      return sameValue(r.value, s.equals) ? null : `state ${s.path}: expected ${show(s.equals)}, got ${show(r.value)}`;
    },
  }),
  violation: kind({
    schema: violation,
    doc: 'rule `rule` fired at or before this point; naming it also marks the violation as expected',
    check: (s) => (ruleById(s.rule) ? null : { path: ['rule'],
      expected: `a rule id, ${knownNames(s.rule, ALL_RULES.map((r) => r.id), '`vtwin rules`')}` }),
    evaluate: (s, { violations }) => {
      if (violations.some((v) => v.rule === s.rule)) return null;
      const so = [...new Set(violations.map((v) => v.rule))];
      return `violation ${s.rule}: the rule has not fired (fired so far: ${so.length ? so.join(', ') : 'none'})`;
    },
  }),
  'no-violations': kind({
    schema: noViolations,
    doc: 'no rule has fired so far',
    evaluate: (_s, { violations }) =>
      violations.length === 0 ? null
        : `no-violations: ${violations.length} so far, first ${violations[0]!.rule} at seq ${violations[0]!.seq}: ` +
        `${violations[0]!.message}`,
  }),
  interrupts: kind({
    schema: interrupts,
    doc: 'since the start, `delivered` messages were sent on (`fn`, `vector`); `pending` is its PBA bit now',
    evaluate: (s, { log, state: st }) => {
      const delivered = log.delivered(s.fn, s.vector);
      const pending = pendingBit(st, s.fn, s.vector);
      const diffs: string[] = [];
      if (delivered !== s.delivered) diffs.push(`delivered ${s.delivered}, got ${delivered}`);
      if (s.pending !== undefined && pending !== s.pending) diffs.push(`pending ${s.pending}, got ${pending}`);
      return diffs.length ? `interrupts fn ${s.fn} vector ${s.vector}: expected ${diffs.join('; ')}` : null;
    },
  }),
  refused: kind({
    schema: refused,
    doc: 'the most recent command step was refused (a refusal or rejected-submit event) with `errno`',
    check: (_s, ctx) => (ctx.lastOp >= 0 ? null
      : { path: [], expected: 'a command step before a `refused` expectation' }),
    evaluate: (s, { log, lastOp }) => {
      const r = log.opRefusal();
      if (!r) return `refused: steps[${lastOp}] was not refused ` +
        `(${log.opEvents.map((e) => e.type).join(', ') || 'no events'})`;
      return r.errno === s.errno ? null
        : `refused: expected ${s.errno}, got ${r.errno}${r.reason ? ` (${r.reason})` : ''}`;
    },
  }),
};

export function expectSpec(kindName: string): ExpectSpec | undefined {
  return Object.prototype.hasOwnProperty.call(EXPECTATIONS, kindName) ? EXPECTATIONS[kindName] : undefined;
}

export function knownExpectations(): string[] {
  return Object.keys(EXPECTATIONS).sort();
}
