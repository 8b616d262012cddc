/**
 * `npm run bench` (= build + `node --expose-gc dist/tools/bench/bench.js [section...]`): runs the
 * sections in tools/bench/sections/ and prints every figure from this one run. Name sections on
 * the command line to run only those; VTWIN_BENCH_QUICK=1 shrinks the sizes for a smoke run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TWIN_VERSION } from '../../src/version.js';
import { met, type Figure } from './harness.js';
import { SECTIONS } from './sections/index.js';

function fmt(v: number): string {
  if (Math.abs(v) >= 1e15) return v.toExponential(2);
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vtwin-bench-'));
  const figures: Figure[] = [];
  const quick = process.env.VTWIN_BENCH_QUICK === '1';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`virtio-twin ${TWIN_VERSION} bench: node ${process.version}, ${os.cpus().length} x ${cpu}${quick ? ' (quick)' : ''}`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with --expose-gc for stable figures: npm run bench)');
  const t0 = process.hrtime.bigint();
  try {
    for (const s of SECTIONS) {
      if (only.length && !only.includes(s.name)) continue;
      console.log(`\n== ${s.name}: ${s.description}`);
      await s.run({
        tmp,
        quick,
        log: (line) => console.log(`   ${line}`),
        figure: (f) => {
          const fig = { section: s.name, ...f };
          figures.push(fig);
          console.log(`   ${f.name.padEnd(34)} ${fmt(f.value).padStart(14)} ${f.unit.padEnd(12)} ${met(fig)}${f.note ? `  (${f.note})` : ''}`);
        },
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const missed = figures.filter((f) => f.target && met(f).startsWith('NOT'));
  console.log(`\n${figures.length} figures in ${secs.toFixed(1)} s; targets: ${figures.filter((f) => f.target).length - missed.length} met, ${missed.length} not met`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exitCode = 1;
  },
);
