/**
 * The installed `vtwin` bin (tools/vtwin-bin.cjs) runs the one-file bundle `npm run build` makes
 * (dist/cli/vtwin.cjs) with its V8 code cache (docs/performance.md#cli-start-up). It must behave
 * exactly as the modules it was bundled from (dist/tools/vtwin.js): same stdout, stderr and exit
 * code, worker threads and the viewer's assets included.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const BIN = join(ROOT, 'tools/vtwin-bin.cjs');
const MODULES = join(ROOT, 'dist/tools/vtwin.js');
const BUNDLE = join(ROOT, 'dist/cli/vtwin.cjs');
const TRACE = join(ROOT, 'traces/regressions/0001-aq-reorder.vtrace');
const RACE = join(ROOT, 'scenarios/race-disable-reenable-queued.json');
let dir: string;

function run(entry: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [entry, ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Wall-clock fields are the only ones two runs may differ in. */
const timeless = (json: string) =>
  JSON.stringify(JSON.parse(json), (k, v: unknown) => (/ms$|Ms$|PerSecond$/.test(k) ? 0 : v));

beforeAll(() => {
  for (const f of [BUNDLE, MODULES]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: build first (npm test does, or npm run build)`);
  }
  dir = mkdtempSync(join(tmpdir(), 'vtwin-bundle-'));
  copyFileSync(TRACE, join(dir, 't.vtrace'));
  // A schema error: zod's message text must not depend on the bundle (it drops zod's locale list).
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ name: 'x', device: { totalVFs: 'x' }, steps: [] }));
});

describe('the bundled bin behaves exactly as the modules it was built from', () => {
  it.each([
    [['--help']],
    [['--version']],
    [['state', 't.vtrace', '--at', '40']],
    [['inspect', 't.vtrace', '--json']],
    [['timeline', 't.vtrace']],
    [['run', RACE, '--json']],
    [['rules']],
    [['inspect', 'missing.vtrace']],
    [['frobnicate']],
    [['run', 'bad.json']],
    [['view', 't.vtrace', '--out', 'page.html']],
  ])('%j: same stdout, stderr and exit code', (args) => {
    const bundled = run(BIN, args);
    const modules = run(MODULES, args);
    expect(bundled).toEqual(modules);
  });

  it('the viewer page it writes is byte-identical (its scripts are found from the bundle too)', () => {
    run(BIN, ['view', 't.vtrace', '--out', 'a.html']);
    run(MODULES, ['view', 't.vtrace', '--out', 'b.html']);
    const a = readFileSync(join(dir, 'a.html'));
    expect(a.length).toBeGreaterThan(10_000);
    expect(a.equals(readFileSync(join(dir, 'b.html')))).toBe(true);
  });

  it('fuzz and explore with worker threads give the same reports as from the modules', () => {
    const fuzz = ['fuzz', '--runs', '200', '--seed', '3', '--profile', 'aq-reorder', '--workers', '2', '--json'];
    const f1 = run(BIN, fuzz);
    const f2 = run(MODULES, fuzz);
    expect(f1.code).toBe(f2.code);
    expect(f1.err).toBe(f2.err);
    expect(timeless(f1.out)).toBe(timeless(f2.out));
    expect(JSON.parse(f1.out).findings.length).toBeGreaterThan(0);
    const explore = ['explore', RACE, '--json', '--workers', '2'];
    const e1 = run(BIN, explore);
    const e2 = run(MODULES, explore);
    expect(e1.code).toBe(e2.code);
    expect(timeless(e1.out)).toBe(timeless(e2.out));
  });
});

describe('the code cache', () => {
  it('is accepted by this Node, so the start-up it exists for is real', () => {
    const r = run(BIN, ['--version'], { VTWIN_CODE_CACHE_REPORT: '1' });
    expect(r.code).toBe(0);
    expect(r.err).toBe('vtwin code cache: accepted\n');
  });

  it('is not used, nor its bundle, once tsc has rebuilt the modules after it (a stale bundle runs nothing)', () => {
    // A copy of the bin's layout whose "modules" are a stub that says so.
    const root = mkdtempSync(join(tmpdir(), 'vtwin-stale-'));
    for (const d of ['tools', 'dist/cli', 'dist/tools']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync(BIN, join(root, 'tools/vtwin-bin.cjs'));
    const built = join(ROOT, 'dist/cli');
    for (const f of readdirSync(built)) copyFileSync(join(built, f), join(root, 'dist/cli', f));
    const stub = join(root, 'dist/tools/vtwin.js');
    writeFileSync(stub, "process.stdout.write('modules\\n');\n");
    const bin = join(root, 'tools/vtwin-bin.cjs');
    utimesSync(stub, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(run(bin, ['--version'], { VTWIN_CODE_CACHE_REPORT: '1' })).toEqual(
      { code: 0, out: '0.1.0\n', err: 'vtwin code cache: accepted\n' });
    utimesSync(stub, new Date(), new Date(Date.now() + 60_000));
    expect(run(bin, ['--version'], { VTWIN_CODE_CACHE_REPORT: '1' })).toEqual({ code: 0, out: 'modules\n', err: '' });
  });

  it('is named after a hash of the bundle it was made from, so a rebuilt bundle never loads a stale one', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    const m = /\/\/ vtwin-bundle ([0-9a-f]{16})\n$/.exec(source);
    expect(m, 'the bundle ends with its id').not.toBeNull();
    const body = source.slice(0, source.length - m![0].length);
    expect(createHash('sha256').update(body).digest('hex').slice(0, 16)).toBe(m![1]);
    expect(readdirSync(join(ROOT, 'dist/cli')).filter((f) => f.endsWith('.cache'))).toEqual([`vtwin-${m![1]}.cache`]);
  });
});
