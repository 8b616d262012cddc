import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../src/errors.js';
import { parseScenario, validateScenario } from '../../../src/scenario/loader.js';
import { ScenarioSyntaxError } from '../../../src/scenario/syntax.js';

/** The ScenarioError a scenario object raises (fails the test if it loads). */
function loadError(doc: unknown, file = 'x.json'): ScenarioError {
  try {
    validateScenario(doc, file);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}

function textError(text: string, file: string): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}

const base = (steps: unknown[], device: unknown = {}) => ({ name: 't', device, steps });

describe('scenario loader: shape and defaults (README "Scenario format")', () => {
  it('fills every omitted device option with its default and the seed with 0', () => {
    const sc = validateScenario({ name: 'd', steps: [{ op: 'settle' }] });
    expect(sc.seed).toBe(0);
    expect(sc.device).toMatchObject({ totalVFs: 8, adminQueues: 1, aqDepth: 64, profile: 'spec',
      memberIncarnation: 'apply', listCommandsNeedVfEnable: false });
  });

  it('reads the same scenario from JSON and YAML', () => {
    const json = parseScenario(
      '{"name":"n","device":{"totalVFs":2},"seed":3,' +
        '"steps":[{"op":"aq.submit","tag":"q","cmd":{"opcode":"LIST_QUERY"}},{"op":"settle"},' +
        '{"expect":"completion","tag":"q","status":"OK"}]}',
      'a.json',
    );
    const yaml = parseScenario(
      'name: n\ndevice: { totalVFs: 2 }\nseed: 3\nsteps:\n  - { op: aq.submit, tag: q, cmd: { opcode: LIST_QUERY } ' +
        '}\n  - op: settle\n  - { expect: completion, tag: q, status: OK }\n',
      'a.yaml',
    );
    expect({ ...yaml, file: 'a.json' }).toEqual(json);
  });

  it('chooses the format by content when the extension says nothing', () => {
    expect(parseScenario('name: n\nsteps: [{op: settle}]\n', 'stdin').name).toBe('n');
    expect(parseScenario('{"name": "j", "steps": [{"op": "settle"}]}', 'stdin').name).toBe('j');
  });

  it('maps fn "pf" to function 0', () => {
    const sc = validateScenario(base([{ expect: 'interrupts', fn: 'pf', vector: 0, delivered: 0 }]));
    expect(sc.steps[0]).toMatchObject({ fn: 0 });
  });

  it('normalises raw hex (spaces, 0x, separators) to lower-case digits', () => {
    const sc = validateScenario(base([{ op: 'aq.submit', raw: '0x00 00:01-00 AB' }]));
    expect(sc.steps[0]).toMatchObject({ raw: '00000100ab' });
  });

  it('names the file, the JSON path and the expectation in the error', () => {
    const e = loadError(base([{ op: 'settle' }, { op: 'sriov.enable', numVFs: 'four' }]), 'dir/s.json');
    expect([e.file, e.path]).toEqual(['dir/s.json', 'steps[1].numVFs']);
    expect(e.expected).toMatch(/number/);
    expect(e.message).toBe(`dir/s.json: steps[1].numVFs: ${e.expected}`);
  });

  it('says in words what a missing value or a size bound needed (no zod type names, singular units)', () => {
    expect(loadError(base([{ expect: 'state', path: 'sriov.numVFs' }])).message).toBe(
      'x.json: steps[0].equals: required: a value (any JSON)');
    expect(loadError({ name: 'x', steps: [] }).message).toBe('x.json: steps: at least 1 item');
    expect(loadError({ name: '', steps: [{ op: 'settle' }] }).message).toBe('x.json: name: at least 1 character');
    expect(loadError({ name: 'n'.repeat(201), steps: [{ op: 'settle' }] }).message).toBe(
      'x.json: name: at most 200 characters');
  });

  it('refuses unknown top-level fields, a missing name and an empty step list', () => {
    expect(loadError({ name: 'x', steps: [{ op: 'settle' }], extra: 1 }).path).toBe('extra');
    expect(loadError({ steps: [{ op: 'settle' }] }).expected).toMatch(/required/);
    expect(loadError({ name: 'x', steps: [] }).path).toBe('steps');
    expect(loadError([1, 2]).expected).toMatch(/scenario object/);
  });
});

describe('scenario loader: steps', () => {
  it('names the three closest ops for an unknown op instead of listing all of them (`vtwin ops` does)', () => {
    const e = loadError(base([{ op: 'sriov.enabel', numVFs: 1 }]));
    expect(e.path).toBe('steps[0].op');
    expect(e.expected).toMatch(
      /^a known op, closest: sriov\.enable, sriov\.disable, msix\.enable \(\d+ in all: `vtwin ops`\)$/);
  });

  it('accepts device.run with a work item of a known kind (as vtwin fuzz writes reproducers)', () => {
    const item = { kind: 'aq.start', q: 0, cid: 0, tag: 'a' };
    expect(validateScenario(base([{ op: 'device.run', item }])).steps[0]).toEqual({ op: 'device.run', item });
    expect(loadError(base([{ op: 'device.run', item: { kind: 'aq.finish' } }])).path).toBe('steps[0].item.kind');
  });

  it('lists the known expectation kinds for an unknown one', () => {
    const e = loadError(base([{ expect: 'completed', tag: 'x' }]));
    expect(e.path).toBe('steps[0].expect');
    for (const k of ['completion', 'state', 'violation', 'no-violations', 'interrupts', 'refused']) expect(
      e.expected).toContain(k);
  });

  it('refuses a step with both op and expect, or neither', () => {
    expect(loadError(base([{ op: 'settle', expect: 'no-violations' }])).expected).toMatch(/not both/);
    expect(loadError(base([{ tag: 'x' }])).path).toBe('steps[0]');
  });

  it('names the unknown field and what the step allows', () => {
    const e = loadError(base([{ op: 'settle', max: 3 }]));
    expect(e.path).toBe('steps[0].max');
    expect(e.expected).toContain('maxSteps');
  });

  it('requires exactly one of cmd or raw on aq.submit', () => {
    expect(loadError(base([{ op: 'aq.submit', tag: 'a' }])).expected).toMatch(/exactly one of "cmd".*"raw"/);
    expect(loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_QUERY' }, raw: '00' }])).path).toBe('steps[0].raw');
  });

  it('checks typed commands at load time, with the path into cmd', () => {
    expect(loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_QUERYY' } }])).path).toBe('steps[0].cmd.opcode');
    expect(loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_USE', opcodes: [true] } }])).path).toBe(
      'steps[0].cmd.opcodes[0]');
    expect(loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_USE' } }])).path).toBe('steps[0].cmd.opcodes');
    expect(loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_QUERY', member: -1 } }])).path).toBe(
      'steps[0].cmd.member');
    expect(loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_QUERY', group: 'VF' } }])).path).toBe(
      'steps[0].cmd.group');
    const e = loadError(base([{ op: 'aq.submit', cmd: { opcode: 'LIST_QUERY', offset: 3 } }]));
    expect([e.path, e.expected]).toEqual(['steps[0].cmd.offset',
      'LIST_QUERY takes no parameters (use "data" for raw bytes)']);
  });

  it('refuses a queue the device does not have (queue < adminQueues)', () => {
    const e = loadError(base([{ op: 'aq.submit', queue: 2, raw: '00' }], { adminQueues: 2 }));
    expect([e.path, e.expected]).toEqual(['steps[0].queue', 'an admin queue index less than device.adminQueues (2)']);
    expect(loadError(base([{ op: 'aq.submit', raw: '00' }], { adminVq: false, adminQueues: 0 })).expected).toMatch(
      /no admin queue/);
  });

  it('refuses odd-length or non-hex raw bytes', () => {
    expect(loadError(base([{ op: 'aq.submit', raw: '012' }])).path).toBe('steps[0].raw');
    expect(loadError(base([{ op: 'aq.submit', raw: 'zz' }])).expected).toMatch(/hex/);
  });

  it('refuses a tag used twice, and tags that no command defines', () => {
    const dup = loadError(base([{ op: 'aq.submit', tag: 'a', raw: '00' }, { op: 'aq.submit', tag: 'a', raw: '00' }]));
    expect([dup.path, dup.expected]).toEqual(['steps[1].tag', 'a tag not used before (steps[0] already uses "a")']);
    expect(loadError(base([{ op: 'pin', order: ['a', 'b'] }, { op: 'aq.submit', tag: 'a', raw: '00' }])).path).toBe(
      'steps[0].order[1]');
    expect(loadError(base([{ op: 'step', tag: 'nope' }])).path).toBe('steps[0].tag');
  });

  it('requires a completion to name a tag submitted earlier', () => {
    const later = loadError(base([{ expect: 'completion', tag: 'a', status: 'OK' },
      { op: 'aq.submit', tag: 'a', raw: '00' }]));
    expect(later.expected).toMatch(/defined later, by steps\[1\]/);
  });

  it('accepts pins that name tags submitted later', () => {
    const sc = validateScenario(base([{ op: 'pin', order: ['b', 'a'] }, { op: 'aq.submit', tag: 'a', raw: '00' },
      { op: 'aq.submit', tag: 'b', raw: '00' }]));
    expect(sc.steps[0]).toEqual({ op: 'pin', order: ['b', 'a'] });
  });

  it('knows the work kinds a `step` may restrict to', () => {
    expect(loadError(base([{ op: 'step', kind: 'aq.finish' }])).expected).toContain('aq.complete');
    expect(validateScenario(base([{ op: 'step' }])).steps[0]).toEqual({ op: 'step', count: 1 });
  });

  it('checks expectation fields: status and qualifier names, rule ids, state paths', () => {
    const sub = { op: 'aq.submit', tag: 'a', raw: '00' };
    expect(loadError(base([sub, { expect: 'completion', tag: 'a', status: 'EWHAT' }])).path).toBe('steps[1].status');
    expect(loadError(base([sub, { expect: 'completion', tag: 'a', status: 'EINVAL', qualifier: 'BAD' }])).path).toBe(
      'steps[1].qualifier');
    expect(loadError(base([sub, { expect: 'completion', tag: 'a', status: 'none',
      qualifier: 'OK' }])).expected).toMatch(/no status block/);
    expect(loadError(base([sub, { expect: 'completion', tag: 'a', status: 'OK', driver: 'fine' }])).path).toBe(
      'steps[1].driver');
    expect(loadError(base([{ expect: 'violation', rule: 'device.aq.fifo' }])).expected).toMatch(
      /^a rule id, closest: device\.aq\.fifo-per-queue, [^,]+, [^,]+ \(\d+ in all: `vtwin rules`\)$/);
    expect(loadError(base([{ expect: 'state', path: 'nothing.here', equals: 1 }])).expected).toMatch(
      /starting with one of: config, pf, sriov, aq, .*fns/);
    expect(loadError(base([{ expect: 'state', path: 'sriov..numVFs', equals: 1 }])).path).toBe('steps[0].path');
    expect(loadError(base([{ expect: 'state', path: 'sriov.numVFs' }])).path).toBe('steps[0].equals');
    expect(loadError(base([{ expect: 'refused', errno: 'ERANGE' }])).expected).toMatch(/command step before/);
  });

  it('refuses a function the device cannot have (fn > totalVFs)', () => {
    const e = loadError(base([{ expect: 'interrupts', fn: 5, vector: 0, delivered: 0 }], { totalVFs: 4 }));
    expect([e.path, e.expected]).toEqual(['steps[0].fn',
      'a function of this device: "pf" or a VF 1..4 (device.totalVFs = 4)']);
  });

  it('treats more VFs than TotalVFs as a refusal the scenario can expect, not as bad input', () => {
    const sc = validateScenario(base([{ op: 'sriov.enable', numVFs: 9 }, { expect: 'refused', errno: 'ERANGE' }],
      { totalVFs: 4 }));
    expect(sc.steps).toHaveLength(2);
    // Beyond what the 16-bit NumVFs register can hold, it is bad input.
    expect(loadError(base([{ op: 'sriov.enable', numVFs: 70000 }])).expected).toBe('at most 65535');
  });
});

describe('scenario loader: impossible device configs', () => {
  it.each([
    [{ totalVFs: 65536 }, 'device.totalVFs', 'at most 65535'],
    [{ adminQueues: 0 }, 'device.adminQueues', 'at least 1 admin queue when adminVq'],
    [{ adminVq: false, adminQueues: 2 }, 'device.adminQueues', 'must be 0 when adminVq is false'],
    [{ aqDepth: 1_000_000_000 }, 'device.aqDepth', 'at most 32768'],
    [{ aqDepth: 0 }, 'device.aqDepth', 'at least 1'],
    [{ sriov: false }, 'device.totalVFs', 'must be 0 when sriov is false'],
    [{ profile: 'aq-reoder' }, 'device.profile', 'a known profile, closest: aq-reorder, spec'],
    [{ memberIncarnation: 'maybe' }, 'device.memberIncarnation', 'one of "apply", "fail"'],
    [{ totalVFs: 4, vfs: 2 }, 'device.vfs', 'unknown field'],
  ])('refuses %j at %s', (device, path, expected) => {
    const e = loadError(base([{ op: 'settle' }], device));
    expect(e.path).toBe(path);
    expect(e.expected).toContain(expected);
  });
});

describe('scenario loader: syntax errors', () => {
  it.each([
    ['{\n  "name": "x",\n  "steps": [ { "op": "settle" }, ]\n}', 3, 34, 'trailing comma'],
    ['{\n  "name": "x"\n  "steps": []\n}', 3, 3, "',' or '}'"],
    ["{\n  'name': 'x'\n}", 2, 3, 'double-quoted property name'],
    ['{\n  "name": "x",\n  "steps": [', 3, 13, 'unexpected end of input'],
    ['{ "name": "x" } trailing', 1, 17, 'end of the input'],
    ['{ "seed": 01 }', 1, 12, 'no leading zeros'],
    ['{ "name": tru }', 1, 14, '"true"'],
  ])('locates invalid JSON %#', (text, line, column, what) => {
    const e = textError(text, 'bad.json');
    expect(e).toBeInstanceOf(ScenarioSyntaxError);
    expect([(e as ScenarioSyntaxError).line, (e as ScenarioSyntaxError).column]).toEqual([line, column]);
    expect(e.message).toMatch(
      new RegExp(`^bad\\.json:${line}:${column}: invalid JSON: .*${what.replace(/[(){}']/g, '.')}`));
  });

  it('locates invalid YAML', () => {
    const e = textError('name: x\nsteps:\n  - op: settle\n   bad: indent\n', 'bad.yaml') as ScenarioSyntaxError;
    expect(e).toBeInstanceOf(ScenarioSyntaxError);
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/^bad\.yaml:4:\d+: invalid YAML: /);
  });

  it('refuses duplicate keys in YAML', () => {
    expect(textError('name: x\nname: y\nsteps: [{op: settle}]\n', 'dup.yaml').message).toMatch(
      /^dup\.yaml:2:\d+: invalid YAML: .*unique/i);
  });

  it('refuses duplicate keys in JSON too, where JSON.parse would silently keep the last one', () => {
    const e = textError('{"name": "x", "steps": [\n  {"op": "aq.submit", "tag": "a", "raw": "00", "tag": "b"}]}',
      'dup.json') as ScenarioSyntaxError;
    expect(e).toBeInstanceOf(ScenarioSyntaxError);
    expect(e.message).toBe('dup.json:2:48: duplicate key "tag": each key may appear once per object');
    // Escapes are decoded before comparing; equal keys in different objects are fine.
    expect(textError('{"name": "x", "n\\u0061me": "y", "steps": [{"op": "settle"}]}', 'esc.json').message).toMatch(
      /^esc\.json:1:15: duplicate key "name"/);
    expect(parseScenario('{"name": "x", "steps": [{"op": "settle"}, {"op": "settle"}]}', 'ok.json').steps).toHaveLength(
      2);
  });

  it('tells YAML users to quote hex that YAML read as a number', () => {
    const e = textError('name: x\nsteps:\n  - { op: aq.submit, raw: 01 }\n', 'hex.yaml');
    expect([e.path, e.expected]).toEqual(['steps[0].raw', 'a hex string (in YAML, quote it: "01")']);
  });

  it('bounds alias expansion, so a YAML alias bomb is refused instead of exhausting memory', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(textError(lines.join('\n') + '\n', 'bomb.yaml').message).toMatch(/^bomb\.yaml:.*invalid YAML: .*alias/i);
  });

  it('refuses an absurdly large scenario text before parsing it', () => {
    const e = textError(' '.repeat(16 * 1024 * 1024 + 1), 'huge.json');
    expect(e.expected).toBe('a scenario file of at most 16 MiB');
  });
});

describe('scenario loader: small print', () => {
  it('ignores a leading byte-order mark', () => {
    expect(parseScenario('\uFEFF{"name": "bom", "steps": [{"op": "settle"}]}', 'bom.json').name).toBe('bom');
  });

  it('reserves c<number> tags for untagged commands', () => {
    expect(loadError(base([{ op: 'aq.submit', tag: 'c0', raw: '00' }])).path).toBe('steps[0].tag');
  });
});

import { parseScenario as parseForProto } from '../../../src/scenario/loader.js';

describe('tags that cannot be object keys', () => {
  it('refuses the tag "__proto__" with its JSON path (tags key results in state)', () => {
    const text = JSON.stringify({ name: 'p',
      steps: [{ op: 'aq.submit', tag: '__proto__', cmd: { opcode: 'LIST_QUERY' } }] });
    expect(() => parseForProto(text, 'p.json')).toThrow(/p\.json: steps\[0\]\.tag: a tag other than "__proto__"/);
  });
});
