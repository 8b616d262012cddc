/**
 * Fold replay on worker threads (tools/replay/parallel.ts): the built module under dist/
 * (test/setup/build-dist.ts keeps it built; run from sources there is no worker file), and the bin
 * with VTWIN_REPLAY_THREADS. Whatever the threads, the result is the one-thread fold's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldReplay } from '../../src/analysis/fold.js';
import { defaultConfig } from '../../src/domain/device.js';
import type { Event } from '../../src/domain/events.js';
import { Engine, type EngineObserver } from '../../src/engine/engine.js';
import { openTraceFile, recordToFile } from '../../src/trace/file.js';
import { runAdminWorkload } from '../../tools/bench/workload.js';

type Parallel = typeof import('../../tools/replay/parallel.js');
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'tools', 'vtwin-bin.cjs');
const dir = mkdtempSync(join(tmpdir(), 'vtwin-replay-par-'));
let par: Parallel;

/** The admin workload recorded to `name`, snapshots every 500 events; `reapNothingAt`: a reap emptied there. */
function recordTrace(name: string, reapNothingAt = -1): string {
  const file = join(dir, name);
  const config = defaultConfig({ totalVFs: 4 });
  const rec = recordToFile(file, { config, seed: 3, producer: 'test', checkpointEvery: 100, snapshotEvery: 500,
    snapshotSizeRatio: 0 });
  const tamper: EngineObserver = {
    onCommand: (i, t, c) => rec.onCommand(i, t, c),
    onEvent: (e, s) => rec.onEvent(e.type === 'aq/reaped' && e.seq >= reapNothingAt && reapNothingAt >= 0
      ? ({ ...e, cids: [] } as Event) : e, s),
  };
  runAdminWorkload(new Engine({ config, seed: 3, rules: [], observers: [tamper] }), { events: 20_000, seed: 3 });
  rec.finish();
  return file;
}

const oneThread = (file: string) => {
  const r = openTraceFile(file);
  try {
    return foldReplay(r);
  } finally {
    r.close();
  }
};

function onThreads(file: string, threads: number, path = file) {
  const r = openTraceFile(file);
  const used: number[] = [];
  try {
    return { result: par.foldReplayFile(r, path, {}, { threads, minEvents: 0, onThreads: (n) => used.push(n) }), used };
  } finally {
    r.close();
  }
}

let clean: string;
let drift: string;

beforeAll(async () => {
  const file = join(ROOT, 'dist/tools/replay/parallel.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
  par = (await import(pathToFileURL(file).href)) as Parallel;
  clean = recordTrace('clean.vtrace');
  drift = recordTrace('drift.vtrace', 15_000);
});

describe('fold replay with stretches on worker threads', () => {
  it('gives the one-thread result on 2 and 3 threads, and says how many it used', () => {
    const whole = oneThread(clean);
    expect(whole.ok).toBe(true);
    for (const threads of [2, 3]) {
      const { result, used } = onThreads(clean, threads);
      expect(used).toEqual([threads]);
      expect(result).toEqual(whole);
    }
  });

  it('reports a divergence in a worker\'s stretch as the one-thread fold does, diff included', () => {
    const whole = oneThread(drift);
    expect(whole.ok).toBe(false);
    expect(whole.divergence!.seq).toBeGreaterThanOrEqual(15_000);
    expect(whole.divergence!.diffOf).toBe('state');
    expect(onThreads(drift, 2).result).toEqual(whole);
  });

  it('a worker that finds another file at the path is not believed: this thread folds it all', () => {
    // The reader is the clean trace's; the path the workers open holds the drifting one.
    const { result, used } = onThreads(clean, 2, drift);
    expect(used).toEqual([2]);
    expect(result).toEqual(oneThread(clean));
  });

  it('stays on one thread for a short trace, one thread asked for, or a path that is no file', () => {
    const r = openTraceFile(clean);
    const used: number[] = [];
    try {
      par.foldReplayFile(r, clean, {}, { threads: 2, onThreads: (n) => used.push(n) });
      par.foldReplayFile(r, clean, {}, { threads: 1, minEvents: 0, onThreads: (n) => used.push(n) });
      par.foldReplayFile(r, dir, {}, { threads: 2, minEvents: 0, onThreads: (n) => used.push(n) });
    } finally {
      r.close();
    }
    expect(used).toEqual([1, 1, 1]);
  });
});

describe('vtwin replay with VTWIN_REPLAY_THREADS', () => {
  const run = (file: string, threads: string) => spawnSync(process.execPath, [BIN, 'replay', file, '--json'],
    { encoding: 'utf8', env: { ...process.env, VTWIN_REPLAY_THREADS: threads, VTWIN_DEBUG: '1' } });

  it('prints what one thread prints, with the same exit code, for a clean and a drifting trace', () => {
    for (const file of [clean, drift]) {
      const one = run(file, '1');
      const two = run(file, '2');
      expect(one.stderr).toContain('vtwin: replay ran on 1 thread(s)');
      expect(two.stderr).toContain('vtwin: replay ran on 2 thread(s)');
      expect(two.stdout).toBe(one.stdout);
      expect(two.status).toBe(one.status);
    }
    expect(run(drift, '2').status).not.toBe(0);
  });

  it('replays a trace cut short (no index: no cut at snapshots) as one thread does', () => {
    const cut = join(dir, 'cut.vtrace');
    const bytes = readFileSync(clean);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const one = run(cut, '1');
    const two = run(cut, '2');
    expect(JSON.parse(one.stdout).truncated).toBe(true);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toContain('vtwin: replay ran on 1 thread(s)');
  });
});

describe('the bundled workers', () => {
  it('can require, so msgpackr finds its native string extractor in them as in the main thread', async () => {
    for (const name of ['fold-worker.mjs', 'shadow-worker.mjs']) {
      const bundle = join(ROOT, 'dist/cli', name);
      expect(existsSync(bundle), `${bundle} is missing: run npm run build`).toBe(true);
      // The bundle's first line, run from a module beside it: what its code sees as `require`.
      const banner = readFileSync(bundle, 'utf8').split('\n')[0]!;
      const probe = join(ROOT, 'dist/cli', `probe-${process.pid}-${name}`);
      writeFileSync(probe, `${banner}\nexport const extract = typeof require('msgpackr-extract').extractStrings;\n`);
      try {
        const m = (await import(pathToFileURL(probe).href)) as { extract: string };
        expect(m.extract).toBe('function');
      } finally {
        rmSync(probe);
      }
    }
  });
});
