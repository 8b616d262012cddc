/**
 * The rule monitor runs only the hooks that can act (README "Concepts"): event hooks by event type,
 * command hooks by op, and an unfiltered command hook that declares what it acts on
 * (`commandActs`) only when it can act. Skipping changes no verdict and no coverage count.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/domain/commands.js';
import { defaultConfig } from '../../../src/domain/device.js';
import type { Event } from '../../../src/domain/events.js';
import type { TwinState } from '../../../src/domain/state.js';
import { Engine } from '../../../src/engine/engine.js';
import { RuleMonitor, type Rule } from '../../../src/rules/framework.js';

const state = (): TwinState => new Engine({ config: defaultConfig({}), rules: [] }).state;

const ev = (type: string, seq: number): Event => ({ type, fn: 1, seq, tick: 0, cause: seq }) as unknown as Event;
const tick: Command = { op: 'time.advance', ticks: 1 };
const run = (kind: 'aq.complete' | 'aq.reap'): Command =>
  ({
    op: 'device.run',
    item: kind === 'aq.reap' ? { kind, q: 0 } : { kind, q: 0, cid: 1, tag: 't' },
  }) as Command;

/**
 * "Something happened, judge it at the next command": `msix/pended` opens, the next command
 * reports it and clears it. `calls` counts the command hook's calls.
 */
function flushRule(acts: Rule['commandActs']): Rule<{ open: number | null }> & { calls: number } {
  const rule = {
    id: 'test.flush',
    actor: 'device' as const,
    section: 'test',
    kind: 'safety' as const,
    description: 'an opened raise is closed within its command',
    init: () => ({ open: null }),
    on: ['msix/pended' as const],
    commandActs: acts,
    calls: 0,
    before: (_s: Readonly<TwinState>, e: Event, m: { open: number | null }) => void (m.open = e.seq),
    command: (_s: Readonly<TwinState>, _c: Command, m: { open: number | null }, report: (s: string) => void) => {
      rule.calls++;
      if (m.open !== null) report(`seq ${m.open} still open`);
      m.open = null;
    },
  };
  return rule;
}

type Step = Command | Event;

function drive(mon: RuleMonitor, steps: Step[]): string[] {
  const s = state();
  steps.forEach((st, i) => {
    if ('type' in st) {
      mon.before(s, st);
      mon.after(s, st);
    } else mon.command(s, st, i);
  });
  return mon.violations.map((v) => `${v.seq}: ${v.message}`);
}

describe('RuleMonitor: which hooks run', () => {
  const steps: Step[] = [tick, tick, ev('msix/pended', 2), ev('msix/pended', 3), tick, tick, tick];
  steps.push(ev('msix/pended', 7));

  it('a flush command hook is called only after its rule looked at something, with the same verdicts', () => {
    const always = flushRule(undefined);
    const flush = flushRule('flush');
    const want = drive(new RuleMonitor([always as Rule]), [...steps, tick]);
    expect(drive(new RuleMonitor([flush as Rule]), [...steps, tick])).toEqual(want);
    expect(want).toEqual(['4: seq 3 still open', '8: seq 7 still open']);
    expect(always.calls).toBe(6);
    // The first command (memory from init), then once after each event hook run.
    expect(flush.calls).toBe(3);
  });

  it('restoring a mark makes a flush hook run again: the restored memory may hold something to judge', () => {
    const flush = flushRule('flush');
    const mon = new RuleMonitor([flush as Rule]);
    const s = state();
    mon.command(s, tick, 0);
    mon.before(s, ev('msix/pended', 1));
    const mark = mon.mark();
    mon.command(s, tick, 2);
    expect(mon.violations.map((v) => v.message)).toEqual(['seq 1 still open']);
    mon.command(s, tick, 3);
    expect(flush.calls).toBe(2);
    mon.restore(mark);
    mon.command(s, tick, 2);
    expect(mon.violations.map((v) => `${v.seq}: ${v.message}`)).toEqual(['2: seq 1 still open']);
    expect(flush.calls).toBe(3);
  });

  it('a command hook limited to work kinds runs for device.run of those kinds only, and is never counted', () => {
    const seen: string[] = [];
    const rule: Rule = {
      id: 'test.kinds',
      actor: 'device',
      section: 'test',
      kind: 'safety',
      description: 'looks at admin completions',
      commandActs: ['aq.complete'],
      command: (_s, c) => void seen.push(c.op === 'device.run' ? c.item.kind : c.op),
    };
    const mon = new RuleMonitor([rule]);
    drive(mon, [tick, run('aq.reap'), run('aq.complete'), tick, run('aq.complete')]);
    expect(seen).toEqual(['aq.complete', 'aq.complete']);
    expect(mon.exercised).toEqual({ 'test.kinds': 0 });
  });

  it('counts coverage per rule id in rule order: event hooks and filtered command hooks look, others do not', () => {
    const base = { actor: 'device' as const, section: 'test', kind: 'safety' as const, description: 'd' };
    const rules: Rule[] = [
      { ...base, id: 'b.events', on: ['msix/pended'], before: () => {}, after: () => {} },
      { ...base, id: 'a.ops', commandOps: ['time.advance'], command: () => {} },
      { ...base, id: 'c.any', on: '*', before: () => {}, command: () => {} },
      { ...base, id: 'b.events', on: ['msix/delivered'], before: () => {} },
    ];
    const mon = new RuleMonitor(rules);
    drive(mon, [tick, ev('msix/pended', 1), ev('msix/delivered', 2), run('aq.reap')]);
    expect(Object.entries(mon.exercised)).toEqual([
      ['b.events', 3],
      ['a.ops', 1],
      ['c.any', 2],
    ]);
  });

  /**
   * A '*' rule that `judges` one type sees, at each event of it, the types of its command's earlier
   * events; it is called for that type only, yet counted on every event (it looks at them all).
   */
  function judging(): Rule & { seen: string[] } {
    const seen: string[] = [];
    return {
      id: 'test.judges',
      actor: 'device',
      section: 'test',
      kind: 'safety',
      description: 'judges a completion by what its command did before it',
      scratch: true,
      on: '*',
      judges: ['aq/completed'],
      before: (_s, e, _m, report, earlier) => {
        seen.push(e.type);
        report(earlier.types.slice(0, earlier.n).join(' '));
      },
      seen,
    };
  }
  // Each event's cause is its own seq in `ev`: give a command's events one cause.
  const at = (type: string, seq: number, cause: number): Event => ({ ...ev(type, seq), cause }) as Event;

  it('a rule judging a type is called for it only, with its command\'s earlier types; counted on every event', () => {
    const rule = judging();
    const mon = new RuleMonitor([rule]);
    const s = state();
    const events = [at('sched/picked', 0, 0), at('msix/pended', 1, 0), at('aq/completed', 2, 0),
      at('aq/completed', 3, 1), at('msix/pended', 4, 2)];
    for (const e of events) {
      mon.before(s, e);
      mon.after(s, e);
    }
    expect(rule.seen).toEqual(['aq/completed', 'aq/completed']);
    expect(mon.violations.map((v) => `${v.seq}: ${v.message}`)).toEqual(['2: sched/picked msix/pended', '3: ']);
    expect(mon.exercised).toEqual({ 'test.judges': 5 });
  });

  it('restoring a mark restores the earlier event types a judging rule sees', () => {
    const rule = judging();
    const mon = new RuleMonitor([rule]);
    const s = state();
    mon.before(s, at('msix/pended', 0, 0));
    const mark = mon.mark();
    mon.before(s, at('isr/set', 1, 0));
    mon.before(s, at('msix/delivered', 2, 1));
    mon.restore(mark);
    mon.before(s, at('aq/completed', 1, 0));
    expect(mon.violations.map((v) => `${v.seq}: ${v.message}`)).toEqual(['1: msix/pended']);
  });
});
