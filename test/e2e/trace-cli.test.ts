/**
 * The trace commands in-process (README "CLI reference"): exit 0 ok, 1 a rule violated / traces
 * differ, 2 bad usage or bad input (one line on stderr, no stack trace), 3 replay divergence.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/domain/events.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { checkTraceEvents } from '../../src/analysis/tefCheck.js';
import { statusName } from '../../src/domain/spec/names.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';
import { open, record, workload } from '../unit/trace/helpers.js';

let dir: string;
const clean = workload(3000, { trace: { checkpointEvery: 256, snapshotEvery: 1000, snapshotSizeRatio: 0 } });
const target = clean.events.find((e) => e.type === 'aq/completed' && e.seq > 1500) as Event & { status: number };

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-trace-cli-'));
  writeFileSync(join(dir, 'clean.vtrace'), clean.bytes);
  const tampered = workload(3000, {
    tamper: (rec) => ({
      onCommand: (i, t, c) => rec.onCommand(i, t, c),
      onEvent: (e, s) => rec.onEvent(e.seq === target.seq ? ({ ...e, status: 1 } as Event) : e, s),
    }),
  });
  writeFileSync(join(dir, 'tampered.vtrace'), tampered.bytes);
  writeFileSync(join(dir, 'cut.vtrace'), clean.bytes.subarray(0, Math.floor(clean.bytes.length * 0.6)));
  const corrupt = clean.bytes.slice();
  const mid = Math.floor(corrupt.length / 2);
  corrupt[mid] = corrupt[mid]! ^ 0x10;
  writeFileSync(join(dir, 'corrupt.vtrace'), corrupt);
  writeFileSync(join(dir, 'scenario.json'), '{"name": "not a trace"}');
  writeFileSync(join(dir, 'empty.vtrace'), '');
  const violating = record((e) => {
    e.execute({ op: 'aq.submit', tag: 'a', cmd: { opcode: 'LIST_QUERY' } });
    e.execute({ op: 'aq.submit', tag: 'u', cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } });
    e.settle();
  });
  writeFileSync(join(dir, 'violating.vtrace'), violating.bytes);
});

describe('vtwin replay', () => {
  it('exits 0 on a faithful trace, in both modes', async () => {
    const fold = await vtwin('replay', 'clean.vtrace');
    expect(fold.code).toBe(0);
    expect(fold.out).toBe(
      `replay (fold) clean.vtrace: OK: ${clean.events.length} events, ${clean.commands.length} commands, ` +
      `${Math.ceil(clean.events.length / 256)} checkpoint hashes verified\n`);
    const reexec = await vtwin('replay', 'clean.vtrace', '--mode', 'reexec', '--json');
    expect(reexec.code).toBe(0);
    expect(JSON.parse(reexec.out)).toMatchObject(
      { file: 'clean.vtrace', mode: 'reexec', ok: true, events: clean.events.length, divergence: null });
  });

  it('exits 3 on divergence and names the first divergent seq with a diff', async () => {
    const r = await vtwin('replay', 'tampered.vtrace', '--mode', 'reexec');
    expect(r.code).toBe(3);
    expect(r.out).toContain(`DIVERGED at seq ${target.seq}: event seq ${target.seq} differs`);
    expect(r.out).toContain(
      `  event diff (recorded vs replayed):\n    status: recorded 1, replayed ${target.status}\n`);
    const j = await vtwin('replay', 'tampered.vtrace', '--mode', 'reexec', '--json');
    expect(j.code).toBe(3);
    expect(JSON.parse(j.out).divergence.seq).toBe(target.seq);
  });

  it('replays a truncated trace up to the cut and says so in the verdict line, not "OK"', async () => {
    const r = await vtwin('replay', 'cut.vtrace');
    expect(r.code).toBe(0);
    const j = JSON.parse((await vtwin('replay', 'cut.vtrace', '--json')).out) as { truncatedAt: number;
      lastSeq: number };
    expect(j.lastSeq).toBeGreaterThan(0);
    expect(r.out).toMatch(new RegExp(`^replay \\(fold\\) cut\\.vtrace: truncated at byte ${j.truncatedAt}, ` +
      `replayed up to seq ${j.lastSeq}: consistent before the cut \\(.+\\): \\d+ events`));
    expect(r.out).not.toMatch(/: OK: /);
  });

  it('exits 2 with one line for bad input: corrupt, not a trace, empty, missing, bad flags', async () => {
    const cases: [string[], RegExp][] = [
      [['replay', 'corrupt.vtrace'], /^vtwin: corrupt\.vtrace: at byte \d+: .*checksum.*\n$/],
      [['replay', 'scenario.json'], /^vtwin: scenario\.json: at byte 0: not a virtio-twin trace/],
      [['inspect', 'empty.vtrace'], /^vtwin: empty\.vtrace: at byte 0: a virtio-twin trace, but the file is empty\n$/],
      [['replay', 'missing.vtrace'], /^vtwin: missing\.vtrace: no such file or directory\n$/],
      [['replay', '.'], /is a directory, expected a file\n$/],
      [['replay', 'clean.vtrace', '--mode', 'sideways'], /argument 'sideways' is invalid/],
      [['state', 'clean.vtrace'], /required option '--at <seq>' not specified/],
      [['state', 'clean.vtrace', '--at', 'ten'], /expected a non-negative integer/],
      [['state', 'clean.vtrace', '--at', '99999999'], /--at 99999999: the trace's last event is seq \d+/],
      [['state', 'clean.vtrace', '--at', '5', '--path', 'aq.nope'], /no "nope" under aq in the state/],
      [['timeline', 'clean.vtrace', '--from', '9', '--to', '3'], /--from 9 is after --to 3/],
      [['export', 'clean.vtrace', '--format', 'svg'], /argument 'svg' is invalid/],
    ];
    for (const [argv, err] of cases) {
      const r = await vtwin(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(err);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe('vtwin inspect, state, timeline', () => {
  it('inspect --json: header, counts by type, completeness', async () => {
    const r = await vtwin('inspect', 'clean.vtrace', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ complete: true, truncated: false, events: clean.events.length,
      commands: clean.commands.length, header: { seed: 7, producer: 'test' } });
    expect(Object.values(j.eventCounts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(clean.events.length);
    const human = await vtwin('inspect', 'cut.vtrace');
    expect(human.out).toMatch(/TRUNCATED at byte \d+/);
  });

  it('state --at N [--path] prints the state after event N as JSON', async () => {
    const r = await vtwin('state', 'clean.vtrace', '--at', '1234', '--path', 'aq.queues[0]');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(stateAt(open(clean.bytes), 1234).state.aq.queues[0])));
  });

  it('state names the codes: human output "NAME (number)", --json keeps numbers and adds names by path', async () => {
    const r = await vtwin('state', 'clean.vtrace', '--at', '1234', '--path', 'aq.inUse[1]');
    expect(JSON.parse(r.out)[0]).toBe('LIST_QUERY (0x0)');
    const j = JSON.parse((await vtwin('state', 'clean.vtrace', '--at', '1234', '--path', 'aq.inUse[1]', '--json')).out);
    expect(j.value[0]).toBe(0);
    expect(j.names['aq.inUse[1][0]']).toBe('LIST_QUERY');
    // Every named path is a path --path accepts, and finds the number named.
    const [path, name] = Object.entries(j.names as Record<string, string>)[1]!;
    const one = JSON.parse((await vtwin('state', 'clean.vtrace', '--at', '1234', '--path', path, '--json')).out);
    expect(one.names[path]).toBe(name);
    expect(typeof one.value).toBe('number');
  });

  it('timeline prints commands and events in range, filtered by VF', async () => {
    const r = await vtwin('timeline', 'clean.vtrace', '--from', '100', '--to', '119');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    const seqs = lines.map((l) => l.trim().split(/\s+/)[0]!).filter((x) => /^\d+$/.test(x)).map(Number);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(lines.some((l) => /^\s+command\s+t=\d+\s+#\d+\s+aq\.submit tag=/.test(l))).toBe(true);
    expect(r.out).toMatch(/\noutstanding after seq 119: 57 admin commands\n( {2}cid \d+ .*\n){20} {2}… and 37 more/);
    const vf = await vtwin('timeline', 'clean.vtrace', '--vf', '2', '--to', '2999', '--json');
    type Doc = { entries: { kind: string; type?: string; member?: number }[]; outstanding: unknown[] };
    const doc = JSON.parse(vf.out) as Doc;
    const submitted = doc.entries.filter((e) => e.kind === 'event' && e.type === 'aq/submitted');
    expect(submitted.length).toBeGreaterThan(0);
    expect(submitted.every((e) => e.member === 2)).toBe(true);
    expect(Array.isArray(doc.outstanding)).toBe(true);
  });
});

describe('vtwin diff, check, export, blame', () => {
  it('diff exits 0 for identical traces and 1 at the first difference', async () => {
    expect((await vtwin('diff', 'clean.vtrace', 'clean.vtrace')).code).toBe(0);
    const r = await vtwin('diff', 'clean.vtrace', 'tampered.vtrace');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first difference at seq ${target.seq}`);
  });

  it('diff --json names codes: the differing events (numbers under codes), each code in the state diff', async () => {
    const r = await vtwin('diff', 'clean.vtrace', 'tampered.vtrace', '--json');
    type Side = { type: string; status: string; codes: { status: number } };
    const d = JSON.parse(r.out).difference as { a: Side; b: Side; names: { a: Record<string, string>;
      b: Record<string, string> }; stateDiff: { entries: { path: string }[] } };
    expect([d.a.type, d.a.status, d.a.codes.status]).toEqual(['aq/completed', 'OK', 0]);
    expect([d.b.status, d.b.codes.status]).toEqual([statusName(1), 1]);
    const paths = Object.keys(d.names.b);
    expect(paths.length).toBeGreaterThan(0);
    // Each named path lies under an entry of the state diff, spelled as that entry spells it.
    for (const p of paths) expect(d.stateDiff.entries.some((e) => p.startsWith(e.path))).toBe(true);
    expect(Object.values(d.names.b)).toContain(statusName(1));
  });

  it('check exits 1 when a rule is violated, 0 when none is', async () => {
    expect((await vtwin('check', 'clean.vtrace')).code).toBe(0);
    const r = await vtwin('check', 'violating.vtrace');
    expect(r.code).toBe(1);
    expect(r.out).toContain('driver.aq.list-use-alone');
  });

  it('export --format perfetto writes Chrome trace JSON, to stdout or --out', async () => {
    const r = await vtwin('export', 'clean.vtrace', '--format', 'perfetto');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).traceEvents.length).toBeGreaterThan(clean.events.length / 2);
    expect(checkTraceEvents(JSON.parse(r.out)).problems).toEqual([]);
    const f = await vtwin('export', 'clean.vtrace', '--format', 'perfetto', '--out', 'out.json');
    expect(f.code).toBe(0);
    expect(f.err).toContain('wrote out.json');
    const ok = await vtwin('check-export', 'out.json');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^out\.json: \d+ events \(.*\): valid\n$/);
  });

  it('check-export exits 1 on a trace Perfetto would mis-draw, naming the problem', async () => {
    const overlap = [
      { ph: 'X', pid: 1, tid: 1, ts: 0, dur: 5, name: 'a' },
      { ph: 'X', pid: 1, tid: 1, ts: 2, dur: 5, name: 'b' },
    ];
    writeFileSync(join(dir, 'overlap.json'), JSON.stringify({ traceEvents: overlap }));
    const r = await vtwin('check-export', 'overlap.json', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, total: 1, problems: [{ index: 1 }] });
    writeFileSync(join(dir, 'notjson.json'), '{');
    expect((await vtwin('check-export', 'notjson.json')).code).toBe(2);
  });

  it('blame prints the events that set a value', async () => {
    const r = await vtwin('blame', 'clean.vtrace', 'sriov.numVFs');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sriov\.numVFs after seq \d+ = 4\n {2}changed by 1 event\(s\):\n.*sriov\/enabled/);
  });
});
