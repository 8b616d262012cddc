/** The file adapter: what is recorded to a file reads back the same, through a Node Buffer source. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/domain/device.js';
import { Engine } from '../../../src/engine/engine.js';
import { openTraceFile, recordToFile } from '../../../src/trace/file.js';
import { runAdminWorkload } from '../../../tools/bench/workload.js';
import { readAll, workload } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vtwin-trace-file-'));

describe('trace files', () => {
  it('record to a file and read back the same events, commands and index (blocks larger than a frame)', () => {
    const path = join(dir, 'run.vtrace');
    const config = defaultConfig({ totalVFs: 4 });
    const rec = recordToFile(path, { config, seed: 7, producer: 'file test' });
    const engine = new Engine({ config, seed: 7, observers: [rec] });
    runAdminWorkload(engine, { events: 60_000, seed: 7 });
    const summary = rec.finish();
    const inMemory = workload(60_000, { seed: 7 });
    const reader = openTraceFile(path);
    try {
      expect(reader.complete).toBe(true);
      expect(reader.size).toBe(summary.bytes);
      expect(reader.header.producer).toBe('file test');
      const got = readAll(reader);
      expect(got.events).toEqual(inMemory.events);
      expect(got.commands).toEqual(inMemory.commands);
      expect(got.result.truncated).toBe(false);
    } finally {
      reader.close();
    }
  });

  it('a file that is a trace cut short reads as truncated', () => {
    const w = workload(2000);
    const path = join(dir, 'cut.vtrace');
    writeFileSync(path, w.bytes.subarray(0, Math.floor(w.bytes.length * 0.7)));
    const reader = openTraceFile(path);
    const got = readAll(reader);
    reader.close();
    expect(got.result.truncated).toBe(true);
    expect(got.events.length).toBeGreaterThan(0);
    expect(got.events).toEqual(w.events.slice(0, got.events.length));
  });

  it('a missing file and a directory are file-system errors with the path', () => {
    expect(() => openTraceFile(join(dir, 'nope.vtrace'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => openTraceFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR', path: dir }));
  });
});
