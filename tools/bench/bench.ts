/**
 * `npm run bench` (= `npm run build` + `node --expose-gc dist/tools/bench/bench.js [--json] [section...]`):
 * runs the sections in tools/bench/sections/ and prints every figure from this one run. Name
 * sections on the command line to run only those; VTWIN_BENCH_QUICK=1 shrinks the sizes for a
 * smoke run. `--json` prints each figure as one JSON object per line on stdout
 * (`{ section, name, value, unit, target, met }`), everything else on stderr, so two runs diff
 * line by line. Slow inputs (the 10 M-event trace) are kept in .vtwin-tmp/bench between runs.
 */
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
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vtwin-bench-'));
  const cache = path.join(process.cwd(), '.vtwin-tmp', 'bench');
  fs.mkdirSync(cache, { recursive: true });
  const figures: Figure[] = [];
  const quick = process.env.VTWIN_BENCH_QUICK === '1';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  say(`virtio-twin ${TWIN_VERSION} bench: node ${process.version}, ` +
    `${os.cpus().length} x ${cpu}${quick ? ' (quick)' : ''}; load average ${loadavg()}`);
  if (!(globalThis as { gc?: unknown }).gc) say('(run with --expose-gc for stable figures: npm run bench)');
  const t0 = process.hrtime.bigint();
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
          figures.push(fig);
          if (json) console.log(figureJson(fig));
          say(`   ${f.name.padEnd(34)} ${fmt(f.value).padStart(14)} ${f.unit.padEnd(12)} ` +
            `${met(fig)}${f.note ? `  (${f.note})` : ''}`);
        },
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const missed = figures.filter((f) => f.target && met(f).startsWith('NOT'));
  say(`\n${figures.length} figures in ${secs.toFixed(1)} s; targets: ` +
    `${figures.filter((f) => f.target).length - missed.length} met, ${missed.length} not met; ` +
    `load average ${loadavg()}`);
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
