/**
 * The library never dies (README "Library API"): a bad command is a typed error thrown by
 * `Twin.execute` before anything happens; an observer that throws gets the command applied in
 * full and an ObserverError; either way the twin keeps taking commands.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/domain/commands.js';
import { Engine } from '../../../src/engine/engine.js';
import { hashState } from '../../../src/engine/hash.js';
import { CommandError, InputError, ObserverError } from '../../../src/errors.js';
import { Twin } from '../../../src/twin.js';

/** Loose input, as JavaScript callers (or JSON) hand it over. */
const loose = (c: unknown) => c as Command;

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception, nothing was thrown');
}

describe('Twin.execute validates every command synchronously, with the scenario schemas', () => {
  it('a misspelt op throws a CommandError naming the op and the closest ones; the twin takes the next command', () => {
    const twin = Twin.create({ device: { totalVFs: 2 } });
    const e = thrown(() => twin.execute(loose({ op: 'sriov.enabel', numVFs: 2 })));
    expect(e).toBeInstanceOf(CommandError);
    expect(e).toBeInstanceOf(InputError);
    expect((e as CommandError).path).toBe('op');
    expect((e as Error).message).toMatch(/^command: op: a known op \(not "sriov\.enabel"\), closest: sriov\.enable,/);
    expect(twin.engine.seq).toBe(0);
    const events = twin.execute({ op: 'sriov.enable', numVFs: 2 });
    expect(events.map((ev) => ev.type)).toContain('sriov/enabled');
    expect(twin.state.sriov.numVFs).toBe(2);
  });

  it('a field of the wrong type throws naming the field, and nothing is stored', () => {
    const twin = Twin.create({ device: { totalVFs: 2 } });
    const e = thrown(() => twin.execute(loose({ op: 'sriov.enable', numVFs: '2' }))) as CommandError;
    expect(e).toBeInstanceOf(CommandError);
    expect([e.op, e.path]).toEqual(['sriov.enable', 'numVFs']);
    expect(e.message).toBe('command sriov.enable: numVFs: expected a number, got string');
    expect(twin.state.sriov.numVFs).toBe(0);
  });

  it('runs the load-time checks against the device: typed admin parameters, queues, functions', () => {
    const twin = Twin.create({ device: { totalVFs: 2 } });
    const bad: [unknown, string][] = [
      [{ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_USE', opcodes: [true] } }, 'cmd.opcodes[0]'],
      [{ op: 'aq.submit', tag: 'q', queue: 3, cmd: { opcode: 'LIST_QUERY' } }, 'queue'],
      [{ op: 'msix.enable', fn: 3 }, 'fn'],
      [JSON.parse('{"op": "aq.submit", "cmd": {"opcode": "LIST_QUERY", "__proto__": 1}}'), 'cmd.__proto__'],
    ];
    for (const [cmd, path] of bad) {
      const e = thrown(() => twin.execute(loose(cmd)));
      expect(e, JSON.stringify(cmd)).toBeInstanceOf(CommandError);
      expect((e as CommandError).path, JSON.stringify(cmd)).toBe(path);
    }
    expect(twin.engine.seq).toBe(0);
  });

  it('normalises what the scenario loader normalises ("pf" is function 0)', () => {
    const twin = Twin.create({ device: { totalVFs: 2 } });
    twin.execute(loose({ op: 'msix.enable', fn: 'pf' }));
    expect(twin.state.fns[0]!.msix.enabled).toBe(true);
  });

  it('device.run runs only a work item that is ready now', () => {
    const twin = Twin.create({ device: { totalVFs: 2 } });
    twin.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
    const e = thrown(() => twin.execute(loose({ op: 'device.run', item: { kind: 'aq.complete', q: 0, cid: 9 } })));
    expect((e as CommandError).message).toMatch(/^command device\.run: item: a work item that is ready now \(ready: /);
    const [ready] = twin.ready();
    expect(twin.execute({ op: 'device.run', item: { ...ready! } }).length).toBeGreaterThan(0);
  });

  it('a bad command never reaches RxJS: the process survives it (it used to die on an asynchronous rethrow)', () => {
    const script = `
      import { Twin } from ${JSON.stringify(join(process.cwd(), 'dist/src/index.js'))};
      const twin = Twin.create({ device: { totalVFs: 2 } });
      try { twin.execute({ op: 'sriov.enabel' }); } catch (e) { console.log('caught', e.name); }
      setTimeout(() => {
        twin.execute({ op: 'sriov.enable', numVFs: 2 });
        console.log('alive', twin.state.sriov.numVFs);
      });
    `;
    const r = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('caught CommandError\nalive 2\n');
    expect(r.status).toBe(0);
  });
});

describe('an observer that throws neither kills the engine nor leaves a command half-applied', () => {
  const commands: Command[] = [
    { op: 'sriov.enable', numVFs: 2 },
    { op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } },
    { op: 'sriov.disable' },
  ];

  /** The same run with a well-behaved twin: what "applied in full" means. */
  function reference() {
    const twin = Twin.create({ device: { totalVFs: 2 } });
    const events = commands.map((c) => twin.execute(c).map((e) => e.type));
    twin.settle();
    return { events, hash: hashState(twin.engine.state), seq: twin.engine.seq, violations: twin.violations.length };
  }

  it('Twin: the failing command is applied in full (state, events, other observers), the error is an ' +
      'ObserverError thrown by execute, and later commands still work', () => {
    const ref = reference();
    const seenByOthers: number[] = [];
    let calls = 0;
    const twin = Twin.create({ device: { totalVFs: 2 }, observers: [
      { onEvent: (e) => {
        calls++;
        if (e.type === 'sriov/enabled') throw new Error('observer bug');
      } },
      { onEvent: (e) => void seenByOthers.push(e.seq) },
    ] });
    const streamed: number[] = [];
    twin.streams.event$.subscribe((e) => streamed.push(e.seq));
    const e = thrown(() => twin.execute(commands[0]!)) as ObserverError;
    expect(e).toBeInstanceOf(ObserverError);
    expect(e.message).toMatch(
      /^an observer's onEvent threw at seq \d+: observer bug \(the command was applied in full\)$/);
    expect((e.cause as Error).message).toBe('observer bug');
    expect(e.events.map((ev) => (ev as { type: string }).type)).toEqual(ref.events[0]);
    expect(twin.state.sriov.numVFs).toBe(2); // the snapshot path saw every event too
    expect(streamed).toEqual(seenByOthers);
    const later = commands.slice(1).map((c) => twin.execute(c).map((ev) => ev.type));
    expect(later).toEqual(ref.events.slice(1));
    twin.settle();
    expect([hashState(twin.engine.state), twin.engine.seq, twin.violations.length]).toEqual(
      [ref.hash, ref.seq, ref.violations]);
    expect(calls).toBe(ref.seq);
  });

  it('Engine: onCommand, onViolation and onSettle are guarded the same way, and the run ends where a clean ' +
      'one does', () => {
    // A VF destroyed under a command addressed to it: the driver rule fires, so onViolation is called.
    const run: Command[] = [{ op: 'sriov.enable', numVFs: 2 },
      { op: 'aq.submit', tag: 'r', cmd: { opcode: 'LEGACY_COMMON_CFG_READ', member: 1 } },
      { op: 'sriov.disable' }, { op: 'sriov.enable', numVFs: 1 }];
    const drive = (engine: Engine): string[] => {
      const failed: string[] = [];
      const attempt = (f: () => unknown) => {
        try {
          f();
        } catch (err) {
          expect(err).toBeInstanceOf(ObserverError);
          failed.push((err as ObserverError).hook);
        }
      };
      for (const c of run) attempt(() => engine.execute(c));
      attempt(() => engine.settle());
      return failed;
    };
    const clean = new Engine({ config: { totalVFs: 2 } });
    expect(drive(clean)).toEqual([]);
    expect(clean.violations.length).toBeGreaterThan(0);
    for (const hook of ['onCommand', 'onViolation', 'onSettle']) {
      const engine = new Engine({ config: { totalVFs: 2 }, observers: [{ [hook]: () => {
        throw new Error(hook);
      } }] });
      const failed = drive(engine);
      expect(failed.length, hook).toBeGreaterThan(0);
      expect(new Set(failed), hook).toEqual(new Set([hook]));
      expect([hashState(engine.state), engine.seq, engine.commandIndex, engine.violations.length], hook).toEqual(
        [hashState(clean.state), clean.seq, clean.commandIndex, clean.violations.length]);
    }
  });

  it('a command the engine cannot decide changes nothing, not even the command count', () => {
    const engine = new Engine({ config: { totalVFs: 2 } });
    expect(() => engine.execute(loose({ op: 'nope' }))).toThrow();
    expect([engine.commandIndex, engine.seq]).toEqual([0, 0]);
  });
});

describe('Engine takes device options as the README shows them', () => {
  it('new Engine({ config: { totalVFs: 2 } }) resolves the options (it used to fail with a stack trace)', () => {
    const engine = new Engine({ config: { totalVFs: 2 } });
    expect(engine.config.totalVFs).toBe(2);
    expect(engine.config.aqDepth).toBe(64);
    expect(engine.execute({ op: 'sriov.enable', numVFs: 2 }).map((e) => e.type)).toContain('sriov/enabled');
    expect(() => new Engine({ config: { totalVFs: 70000 } })).toThrow(/device\.totalVFs: /);
  });
});
