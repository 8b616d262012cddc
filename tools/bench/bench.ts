/**
 * `npm run bench` (= `npm run build` + `node --expose-gc dist/tools/bench/bench.js [--json] [section...]`):
 * runs the sections in tools/bench/sections/ and prints every figure from this one run. Name
 * sections on the command line to run only those; VTWIN_BENCH_QUICK=1 shrinks the sizes for a
 * smoke run. `--json` prints each figure as one JSON object per line on stdout
 * (`{ section, name, value, unit, target, met }`), everything else on stderr, so two runs diff
 * line by line. Slow inputs (the 10 M-event trace) are kept in .vtwin-tmp/bench between runs.
 * Every section runs in a fresh process (see main).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TWIN_VERSION } from '../../src/version.js';
import { tuneHeap } from '../heap.js';
import { figureJson, met, type Figure } from './harness.js';
import { SECTIONS } from './sections/index.js';

function fmt(v: number): string {
  if (Math.abs(v) >= 1e15) return v.toExponential(2);
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/**
 * Each section runs in a process of its own (this script again, with the same V8 flags), so no
 * figure depends on what the sections before it left in the heap: a fold measured after the
 * 10 M-event and 4096-VF sections ran ~10% slower than the same fold in a fresh process, which
 * is what a user's `vtwin replay` is. Within a section, what a ratio compares still runs side by
 * side in one process. The child writes its figures to VTWIN_BENCH_FIGURES, one JSON per line.
 */
const CHILD = 'VTWIN_BENCH_FIGURES';

async function main(): Promise<number> {
  // The in-process sections (ingest, folds, fuzz) run with the heap setting of the `vtwin` commands they stand for.
  tuneHeap();
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.filter((a) => a !== '--json');
  // With --json, stdout carries only the figures.
  const say = json ? (line: string) => void process.stderr.write(line + '\n') : (line: string) => console.log(line);
  const unknown = only.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(
      `bench: unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const quick = process.env.VTWIN_BENCH_QUICK === '1';
  const child = process.env[CHILD];
  if (child) return runSections(only, child, json, quick, say);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  say(`virtio-twin ${TWIN_VERSION} bench: node ${process.version}, ` +
    `${os.cpus().length} x ${cpu}${quick ? ' (quick)' : ''}; load average ${loadavg()}`);
  if (!(globalThis as { gc?: unknown }).gc) say('(run with --expose-gc for stable figures: npm run bench)');
  const t0 = process.hrtime.bigint();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtwin-bench-figures-'));
  const file = path.join(dir, 'figures.jsonl');
  fs.writeFileSync(file, '');
  try {
    for (const s of SECTIONS) {
      if (only.length && !only.includes(s.name)) continue;
      const argv = [...process.execArgv, process.argv[1]!, ...(json ? ['--json'] : []), s.name];
      const r = spawnSync(process.execPath, argv, { stdio: 'inherit', env: { ...process.env, [CHILD]: file } });
      if (r.status !== 0) {
        process.stderr.write(`bench: section ${s.name} failed (${r.signal ?? `exit ${r.status}`})\n`);
        return 1;
      }
    }
    const figures = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Figure);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const missed = figures.filter((f) => f.target && met(f).startsWith('NOT'));
    say(`\n${figures.length} figures in ${secs.toFixed(1)} s; targets: ` +
      `${figures.filter((f) => f.target).length - missed.length} met, ${missed.length} not met; ` +
      `load average ${loadavg()}`);
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A child's work: the named sections, in this process; each figure also appended to `file`. */
async function runSections(only: string[], file: string, json: boolean, quick: boolean,
    say: (line: string) => void): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vtwin-bench-'));
  const cache = path.join(process.cwd(), '.vtwin-tmp', 'bench');
  fs.mkdirSync(cache, { recursive: true });
  try {
    for (const s of SECTIONS) {
      if (only.length && !only.includes(s.name)) continue;
      say(`\n== ${s.name}: ${s.description} [load average ${loadavg()}]`);
      await s.run({
        tmp,
        cache,
        quick,
        log: (line) => say(`   ${line}`),
        figure: (f) => {
          const fig = { section: s.name, ...f };
          fs.appendFileSync(file, JSON.stringify(fig) + '\n');
          if (json) console.log(figureJson(fig));
          say(`   ${f.name.padEnd(34)} ${fmt(f.value).padStart(14)} ${f.unit.padEnd(12)} ` +
            `${met(fig)}${f.note ? `  (${f.note})` : ''}`);
        },
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return 0;
}

/** The 1, 5 and 15 minute load averages: how busy the machine was while the figures were taken. */
function loadavg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exitCode = 1;
  },
);
