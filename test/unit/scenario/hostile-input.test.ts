/**
 * Scenario validation closes the gaps a hostile or careless file used to slip through (README
 * "Scenario format"): nesting bounded while parsing, `__proto__` keys refused, `expect: refused`
 * errnos checked at load time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../src/errors.js';
import { REFUSAL_ERRNOS } from '../../../src/scenario/expectations.js';
import { parseScenario, validateScenario } from '../../../src/scenario/loader.js';
import { MAX_NESTING } from '../../../src/scenario/schema.js';

function refusal(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, nothing was thrown');
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('nesting is bounded before anything recurses over it', () => {
  it('a 5000-deep `equals` is refused at load time (it used to pass and overflow the stack at run time)', () => {
    const text = `{"name":"a","steps":[{"expect":"state","path":"sriov","equals":${deep(5000)}}]}`;
    const e = refusal(() => parseScenario(text, 's.json'));
    // `{`, `[` and `{` of the scenario, steps and step are levels 1-3: the equals' 62nd `[` opens level 65.
    const column = text.indexOf('"equals":') + '"equals":'.length + (MAX_NESTING + 1 - 3);
    expect(e.message).toBe(`s.json:1:${column}: objects and arrays nested at most ${MAX_NESTING} levels deep`);
  });

  it('the same bound holds for data built in code, and names the JSON path where it is crossed', () => {
    let equals: unknown = 1;
    for (let i = 0; i < 5000; i++) equals = [equals];
    const e = refusal(() => validateScenario({ name: 'a', steps: [{ expect: 'state', path: 'sriov', equals }] }));
    expect(e.path).toMatch(/^steps\[0\]\.equals(\[0\]){61}$/);
    expect(e.expected).toBe(`objects and arrays nested at most ${MAX_NESTING} levels deep`);
  });

  it('a self-referencing YAML alias is refused as too deep, not followed forever', () => {
    const e = refusal(() => parseScenario('name: a\nsteps:\n  - &x [1, *x]\n', 's.yaml'));
    expect(e.expected).toBe(`objects and arrays nested at most ${MAX_NESTING} levels deep`);
  });

  it('a 6 MB deeply nested YAML or JSON file is refused in well under a second (YAML took ~1 GB and seconds)', () => {
    const n = 3_000_000;
    for (const [file, text] of [['s.yaml', `name: a\nsteps:\n  - x: ${deep(n)}\n`],
      ['s.json', `{"name":"a","steps":[${deep(n)}]}`]] as const) {
      const t0 = performance.now();
      const e = refusal(() => parseScenario(text, file));
      expect(performance.now() - t0, file).toBeLessThan(1500);
      expect(e.message, file).toMatch(/^s\.(yaml|json):\d+:\d+: objects and arrays nested at most 64 levels deep$/);
    }
  });

  it('YAML nested by indentation alone is refused with the same words', () => {
    let text = 'name: a\nsteps:\n';
    for (let i = 0; i < 3000; i++) text += ' '.repeat(i + 2) + '-\n';
    const e = refusal(() => parseScenario(text, 's.yaml'));
    expect(e.message).toMatch(/nested at most 64 levels deep$/);
  });

  it('brackets inside strings, comments and block scalars do not count as nesting', () => {
    const brackets = '['.repeat(100);
    const yaml = `name: a\ndescription: "${brackets}"\n# ${brackets}\nsteps:\n  - op: settle\n`;
    expect(parseScenario(yaml, 's.yaml').description).toBe(brackets);
    const json = JSON.stringify({ name: 'a', description: `${brackets}\\"${brackets}`, steps: [{ op: 'settle' }] });
    expect(parseScenario(json, 's.json').description).toBe(`${brackets}\\"${brackets}`);
  });
});

describe('__proto__ keys are refused, not silently dropped', () => {
  it.each([
    ['device', '{"name":"a","device":{"__proto__":{"totalVFs":3}},"steps":[{"op":"settle"}]}', 'device.__proto__'],
    ['extOpcodes', '{"name":"a","device":{"extOpcodes":{"__proto__":300}},"steps":[{"op":"settle"}]}',
      'device.extOpcodes.__proto__'],
    ['cmd', '{"name":"a","steps":[{"op":"aq.submit","cmd":{"opcode":"LIST_QUERY","__proto__":{"group":1}}}]}',
      'steps[0].cmd.__proto__'],
  ])('in %s', (_where, text, path) => {
    const e = refusal(() => parseScenario(text, 's.json'));
    expect(e.path).toBe(path);
    expect(e.expected).toMatch(/^a key other than "__proto__"/);
  });

  it('in YAML too', () => {
    const e = refusal(() => parseScenario('name: a\ndevice:\n  __proto__:\n    totalVFs: 3\nsteps:\n  - op: settle\n',
      's.yaml'));
    expect(e.path).toBe('device.__proto__');
  });
});

describe('expect: refused', () => {
  const withErrno = (errno: string) => ({ name: 'a', device: { totalVFs: 2 },
    steps: [{ op: 'sriov.enable', numVFs: 3 }, { expect: 'refused', errno }] });

  it('an errno the twin never refuses with is refused at load time, listing the ones it does', () => {
    const e = refusal(() => validateScenario(withErrno('ERANGEE')));
    expect(e.path).toBe('steps[1].errno');
    for (const errno of REFUSAL_ERRNOS) expect(e.expected).toContain(errno);
  });

  it('accepts the errno Linux gives for more VFs than TotalVFs', () => {
    expect(validateScenario(withErrno('ERANGE')).steps).toHaveLength(2);
  });

  it('lists every errno a refusal or rejected-submit in the device model carries', () => {
    // Errno literals in the deciders: every one is either a refusal's or, for EOPNOTSUPP, the
    // answer to a guest access (mapper.done), which `expect: refused` does not look at.
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const errnos = /errno[^'\n]*'(E[A-Z]+)'|refuse\('(E[A-Z]+)'|\['(E[A-Z]+)', why\]|why, '(E[A-Z]+)'\)/g;
          for (const m of readFileSync(p, 'utf8').matchAll(errnos)) {
            found.add((m[1] ?? m[2] ?? m[3] ?? m[4])!);
          }
        }
      }
    };
    walk(join(import.meta.dirname, '..', '..', '..', 'src', 'domain'));
    found.delete('EOPNOTSUPP');
    expect(found.has('EPERM'), 'the notification-before-DRIVER_OK refusals are found').toBe(true);
    for (const errno of found) expect(REFUSAL_ERRNOS as readonly string[], errno).toContain(errno);
    expect(found.size).toBeGreaterThanOrEqual(4);
  });
});
