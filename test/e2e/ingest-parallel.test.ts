/**
 * `vtwin ingest` of a long QEMU log on two threads (tools/ingest/parallel.ts): the built module
 * under dist/ (test/setup/build-dist.ts keeps it built; run from sources there is no worker file),
 * and the bin on a capture past the size where it takes the worker. Whatever path it takes, the
 * report, state hash and event count are those of the one-thread ingest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/errors.js';
import { ingest, type IngestOptions } from '../../src/ingest/ingest.js';
import { syntheticQemuLog } from '../../tools/bench/qemuLog.js';

type Parallel = typeof import('../../tools/ingest/parallel.js');
const ROOT = join(import.meta.dirname, '..', '..');
let par: Parallel;

const LOG = syntheticQemuLog(6000);
const traffic = LOG.split('\n').slice(3000, 3100).join('\n') + '\n';
const opts: IngestOptions = { file: 'q.log' };

const oneThread = (text: string) => {
  const r = ingest(text, opts);
  return { report: r.report, stateHash: r.stateHash, events: r.events };
};

/** On the worker (any size), in small chunks and messages; returns the result and the path taken. */
function onWorker(text: string) {
  const paths: string[] = [];
  const r = par.ingestParallel(text, opts, { minChars: 0, chunk: 64, batch: 300, onPath: (p) => paths.push(p) });
  return { result: { report: r.report, stateHash: r.stateHash, events: r.events }, paths };
}

function catchMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected it to throw');
}

beforeAll(async () => {
  const file = join(ROOT, 'dist/tools/ingest/parallel.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
  par = (await import(pathToFileURL(file).href)) as Parallel;
});

describe('ingest with the shadow run on a worker thread', () => {
  it('gives the one-thread report, state hash and events, the run done by the worker', () => {
    const w = onWorker(LOG);
    expect(w.paths).toEqual(['worker']);
    expect(w.result).toEqual(oneThread(LOG));
    expect(w.result.report.verdict).toBe('consistent');
  });

  it('takes --map and --strict as the one-thread ingest does', () => {
    const map = new Map([['0000:65:00.1', 2], ['0000:65:00.2', 1]]);
    const o: IngestOptions = { file: 'q.log', map, strict: true };
    const r = par.ingestParallel(LOG, o, { minChars: 0, chunk: 64, batch: 300 });
    expect(r.report.map['0000:65:00.1']).toBe('vf2');
    const one = ingest(LOG, o);
    expect({ report: r.report, stateHash: r.stateHash, events: r.events }).toEqual(
      { report: one.report, stateHash: one.stateHash, events: one.events });
    const unknown = `${LOG}kvm_set_irq gsi 24 level 1 source 0\n`;
    expect(catchMessage(() => par.ingestParallel(unknown, o, { minChars: 0, chunk: 64 }))).toBe(
      catchMessage(() => ingest(unknown, o)));
  });

  it('reports the divergences the one-thread run finds, in capture order', () => {
    // A read of the ISR that returns a bit the twin never set, and a message on an unmapped vector.
    const bad = LOG.replace(/region0\+0x13, 1\) = 0x0/, 'region0+0x13, 1) = 0x3').replace(
      /(\n[^\n]*vfio_msi_interrupt[^\n]*\(0000:65:00\.2\)) vector 2 /,
      '$1 vector 3 ',
    );
    const w = onWorker(bad);
    expect(w.paths).toEqual(['worker']);
    expect(w.result.report.divergences.length).toBeGreaterThan(0);
    expect(w.result).toEqual(oneThread(bad));
  });

  it('when the stream gives up after the worker started, ingests here alike; the worker then serves again', () => {
    const late = LOG + traffic.replaceAll('0000:65:00.1', '0000:65:00.5');
    const w = onWorker(late);
    expect(w.paths).toEqual(['fallback']);
    expect(w.result.report.map['0000:65:00.5']).toBe('vf5');
    expect(w.result).toEqual(oneThread(late));
    const again = onWorker(LOG);
    expect(again.paths).toEqual(['worker']);
    expect(again.result).toEqual(oneThread(LOG));
  });

  it('refuses a bad line after the run started as the one-thread ingest does', () => {
    const late = `${LOG}vfio_region_write  (bad)\n`;
    let err: unknown;
    try {
      onWorker(late);
    } catch (e) {
      err = e;
    }
    // dist's CaptureError, the same class as the sources' one but not the same object.
    expect((err as Error)?.constructor.name).toBe(CaptureError.name);
    expect((err as Error).message).toBe(catchMessage(() => ingest(late, opts)));
  });

  it('keeps a short capture, another profile or another format on this thread', () => {
    const paths: string[] = [];
    const onPath = (p: string) => paths.push(p);
    par.ingestParallel(LOG, opts, { onPath }); // under the size the worker pays off from
    par.ingestParallel(LOG, { ...opts, profile: 'auto' }, { minChars: 0, onPath });
    par.ingestParallel(LOG, { ...opts, observe: () => ({}) }, { minChars: 0, onPath });
    expect(paths).toEqual(['one-thread', 'one-thread', 'one-thread']);
    const long = syntheticQemuLog(80_000);
    expect(par.parallelWorthIt(long, opts)).toBe(long.length >= par.PARALLEL_MIN_CHARS);
    expect(par.parallelWorthIt(long, opts, { minChars: 0 })).toBe(true);
  });

  it('the bin ingests on the worker as VTWIN_INGEST_WORKER says, to the same JSON report either way', () => {
    const text = syntheticQemuLog(80_000);
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-par-'));
    writeFileSync(join(dir, 'big.log'), text);
    const run = (worker: string) => spawnSync(process.execPath,
      [join(ROOT, 'tools/vtwin-bin.cjs'), 'ingest', 'big.log', '--json'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26,
        env: { ...process.env, VTWIN_INGEST_WORKER: worker, VTWIN_DEBUG: '1' } });
    // npm run build bundles the worker; the bin starts that bundle (tools/ingest/parallel.ts workerFile).
    expect(existsSync(join(ROOT, 'dist/cli/shadow-worker.mjs'))).toBe(true);
    const expected = ingest(text, { file: 'big.log' }).report;
    for (const [worker, how] of [['1', 'worker'], ['0', 'one-thread']] as const) {
      const r = run(worker);
      expect(r.stderr).toBe(`vtwin: ingest ran ${how}\n`);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(expected);
    }
  });
});
