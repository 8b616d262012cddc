/** The viewer's questions answered from a trace: seeks through snapshots, steps, windows, blame, jumps. */
import { describe, expect, it } from 'vitest';
import { stateAt } from '../../../src/analysis/stateAt.js';
import { handleApi } from '../../../src/view/api.js';
import { ViewSession } from '../../../src/view/session.js';
import type { TreeNode } from '../../../src/view/tree.js';
import { open, record, workload } from '../trace/helpers.js';
import { misbehave, stall } from '../analysis/runs.js';

/** Small snapshot interval: seeks cross segments. */
const big = workload(3000, { trace: { checkpointEvery: 256, snapshotEvery: 500, snapshotSizeRatio: 0 } });
const session = (bytes: Uint8Array) => new ViewSession(open(bytes), 'test.vtrace');

/** The value at a path in a tree answer (only opened containers are listed). */
function leaf(tree: TreeNode, path: string): unknown {
  const walk = (n: TreeNode): unknown => {
    if (n.k === 'leaf') return undefined;
    for (const c of n.children ?? []) {
      if (c.path === path) return c.node.k === 'leaf' ? c.node.v : c.node;
      if (path.startsWith(c.path)) {
        const r = walk(c.node);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  };
  return walk(tree);
}

describe('viewer session', () => {
  it('the state at any seq equals a fold from the start, stepping forward, backward or jumping', () => {
    const s = session(big.bytes);
    expect(s.meta().lastSeq).toBe(big.events.length - 1);
    for (const seq of [10, 11, 12, 2500, 700, 699, 1999, 2000, 5]) {
      const r = s.at(seq, ['aq', 'aq.queues', 'aq.queues[0]']);
      const want = stateAt(open(big.bytes), seq).state.aq.queues[0]!;
      expect(leaf(r.tree, 'aq.queues[0].busy'), `seq ${seq}`).toBe(want.busy);
      expect(leaf(r.tree, 'aq.nextCid'), `seq ${seq}`).toBe(stateAt(open(big.bytes), seq).state.aq.nextCid);
    }
  });

  it('names the paths an event changed, opens them in the tree, and gives its command', () => {
    const w = record(misbehave);
    const s = session(w.bytes);
    const started = w.events.find((e) => e.type === 'aq/started')!;
    const r = s.at(started.seq, []);
    expect(r.event!.type).toBe('aq/started');
    expect(r.changed).toEqual([
      { path: 'aq.commands.0.phase', text: '"submitted" → "processing"' },
      { path: 'aq.queues[0].busy', text: '-1 → 0' },
    ]);
    expect(leaf(r.tree, 'aq.queues[0].busy')).toBe((started as { cid: number }).cid);
    expect(r.command).toMatchObject({ index: started.cause, text: expect.stringMatching(/^device\.run item=/) });
    const vf = w.events.find((e) => e.type === 'sriov/enabled')!;
    const en = s.at(vf.seq, []);
    expect(en.changed.map((c) => c.path)).toEqual(expect.arrayContaining(['sriov.numVFs', 'fns[2].life.alive']));
  });

  it('shows codes by spec name in the tree', () => {
    const w = record(misbehave);
    const r = session(w.bytes).at(2, ['aq', 'aq.inUse', 'aq.inUse[1]']);
    const inUse = (r.tree as { children: { key: string; node: TreeNode }[] }).children.find((c) => c.key === 'aq')!;
    expect(JSON.stringify(inUse)).toContain('"name":"LIST_QUERY"');
  });

  it('a window interleaves commands, events, violations and settle points, with command spans per queue', () => {
    const w = record(misbehave);
    const r = session(w.bytes).window(0, w.events.length - 1);
    expect(r.entries.filter((e) => e.kind === 'event')).toHaveLength(w.events.length);
    expect(r.entries.filter((e) => e.kind === 'violation').map((e) => e.kind === 'violation' && e.rule)).toEqual(
      w.engine.violations.map((v) => v.rule),
    );
    expect(r.entries.filter((e) => e.kind === 'settle')).toHaveLength(2);
    expect(r.spans.map((x) => x.label)).toEqual(['LIST_QUERY q', 'LIST_USE use', 'LIST_QUERY vf2', 'LIST_QUERY vf3']);
    expect(r.spans.every((x) => x.to !== null && x.to > x.from)).toBe(true);
    const tracks = new Set(r.entries.flatMap((e) => (e.kind === 'event' ? [e.track] : [])));
    expect([...tracks]).toEqual(expect.arrayContaining(['q:0', 'fn:0', 'core']));
  });

  it('a command never completed stays an open span to the end', () => {
    const w = record(stall, { device: { totalVFs: 4, profile: 'stall-across-disable' } });
    const r = session(w.bytes).window(0, 100);
    expect(r.spans).toEqual([expect.objectContaining({ label: 'LIST_QUERY stuck', to: null })]);
  });

  it('jumps to the next and previous violation and command', () => {
    const w = record(misbehave);
    const s = session(w.bytes);
    const vs = w.engine.violations.map((v) => v.seq);
    expect(s.find('violation', -1, 1)).toBe(vs[0]);
    expect(s.find('violation', vs[0]!, 1)).toBe(vs.find((x) => x > vs[0]!) ?? null);
    expect(s.find('violation', vs[0]!, -1)).toBe(null);
    const second = w.events.find((e) => e.cause > w.events[0]!.cause)!;
    expect(s.find('command', 0, 1)).toBe(second.seq);
    const last = w.events.at(-1)!;
    const firstOfLast = w.events.find((e) => e.cause === last.cause)!;
    expect(firstOfLast.seq).toBeLessThan(last.seq);
    // Back: to the start of the current command, then to the start of the one before.
    expect(s.find('command', last.seq, -1)).toBe(firstOfLast.seq);
    const before = w.events.filter((e) => e.cause < last.cause).at(-1)!;
    expect(s.find('command', firstOfLast.seq, -1)).toBe(w.events.find((e) => e.cause === before.cause)!.seq);
    expect(s.find('command', 0, -1)).toBe(null);
  });

  it('blames a value back to its command and the submission behind device work', () => {
    const w = record(misbehave);
    const r = session(w.bytes).blame('aq.inUse[1]', w.events.length - 1);
    expect(r.changes).toBe(1);
    expect(r.entries[0]!.text).toContain('aq/inUseSet');
    expect(r.entries[0]!.command!.text).toMatch(/^command \d+: device\.run/);
    expect(r.entries[0]!.origin!.text).toMatch(/^command \d+: aq\.submit tag=use/);
    const submit = w.events.find((e) => e.type === 'aq/submitted' && e.tag === 'use')!;
    expect(r.entries[0]!.origin!.seq).toBe(submit.seq);
  });

  it('the API refuses bad requests with what it expected', () => {
    const s = session(record(misbehave).bytes);
    expect(() => handleApi(s, 'at', { seq: 'x' })).toThrow(/seq: expected an integer/);
    expect(() => handleApi(s, 'at', { seq: 99999 })).toThrow(/expected a seq from -1 \(the start state\) to \d+/);
    expect(() => handleApi(s, 'find', { kind: 'x', from: 0, dir: 1 })).toThrow(
      /kind: expected "violation" or "command"/,
    );
    expect(() => handleApi(s, 'nope', {})).toThrow(/unknown request "nope"/);
    expect(() => handleApi(s, 'blame', { path: 'aq.nope', at: 3 })).toThrow(/no "nope" under aq/);
  });
});
