/**
 * A long QEMU log's shadow run takes the steps as the one pass plans them (src/ingest/stream.ts):
 * the verdict, the run and its state are the ones the whole plan gives. When a line after the
 * run started changes what its config, bindings or assumptions come from, the stream gives up and
 * `vtwin ingest` plans the whole capture, with the same report. A run that never started leaves the
 * whole plan, which is run as before.
 */
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../src/errors.js';
import { calibratedConfig, ingest, planText, type IngestOptions } from '../../../src/ingest/ingest.js';
import { shadowRun } from '../../../src/ingest/shadow.js';
import { streamQemuLog } from '../../../src/ingest/stream.js';
import { hashState } from '../../../src/engine/hash.js';
import { syntheticQemuLog } from '../../../tools/bench/qemuLog.js';

const LOG = syntheticQemuLog(6000);
/** Lines of the synthetic log's traffic on VF 1, from its middle. */
const traffic = LOG.split('\n').slice(3000, 3100).join('\n') + '\n';

/** The whole plan's run, as `vtwin ingest` ran it before streaming (and still does with an observer). */
function whole(text: string, opts: IngestOptions = { file: 'q.log' }) {
  const plan = planText(text, opts);
  const { config, assumptions } = calibratedConfig(plan, opts, opts.profile ?? 'spec');
  const r = shadowRun(plan, config);
  return { ...r, assumptions: [...assumptions, ...r.assumptions], stateHash: hashState(r.engine.state) };
}

/** The report `vtwin ingest` gives when it plans the whole capture first (an observer forces that). */
const wholeReport = (text: string, opts: IngestOptions = { file: 'q.log' }) => {
  const r = ingest(text, { ...opts, observe: () => ({}) });
  return { report: r.report, stateHash: r.stateHash, events: r.events };
};

describe('QEMU log: the shadow run fed as the log is planned', () => {
  it('runs the steps a chunk at a time to the run, state and verdict of the whole plan', () => {
    const s = streamQemuLog(LOG, { file: 'q.log', chunk: 64 }, 'spec');
    expect(s?.run).toBeTruthy(); // the run started and completed
    const run = s!.run!;
    const w = whole(LOG);
    expect(run.events).toBe(w.events);
    expect(run.observations).toBe(w.observations);
    expect(run.divergences).toEqual(w.divergences);
    expect([...s!.assumptions, ...run.assumptions]).toEqual(w.assumptions);
    expect(hashState(run.engine.state)).toBe(w.stateHash);
    expect(s!.plan.steps).toEqual([]); // nothing kept: each chunk was run and dropped
    const streamed = ingest(LOG, { file: 'q.log' });
    expect({ report: streamed.report, stateHash: streamed.stateHash, events: streamed.events }).toEqual(
      wholeReport(LOG),
    );
  });

  it('divergences found on the way are the whole plan\'s, in capture order', () => {
    // A read of the ISR that returns a bit the twin never set, and a message on an unmapped vector.
    const bad = LOG.replace(/region0\+0x13, 1\) = 0x0/, 'region0+0x13, 1) = 0x3').replace(
      /(\n[^\n]*vfio_msi_interrupt[^\n]*\(0000:65:00\.2\)) vector 2 /,
      '$1 vector 3 ',
    );
    const run = streamQemuLog(bad, { file: 'q.log', chunk: 64 }, 'spec')?.run;
    expect(run?.divergences.length).toBeGreaterThan(0);
    expect(run!.divergences).toEqual(whole(bad).divergences);
  });

  it('gives up when a VF is named after the run started (its binding comes first), with the same report', () => {
    const late = LOG + traffic.replaceAll('0000:65:00.1', '0000:65:00.5');
    expect(streamQemuLog(late, { file: 'q.log', chunk: 64 }, 'spec')).toBeNull();
    const r = ingest(late, { file: 'q.log' });
    expect(r.report.map['0000:65:00.5']).toBe('vf5');
    expect({ report: r.report, stateHash: r.stateHash, events: r.events }).toEqual(wholeReport(late));
  });

  it('gives up when a later line calibrates a value, with the same report', () => {
    const setup = 'vfio_region_setup Device 0000:65:00.2, region 0 "bar0", flags: 0x7, offset: 0x0, size: 0x20';
    const late = `${LOG}${setup}\n${traffic}`;
    expect(streamQemuLog(late, { file: 'q.log', chunk: 64 }, 'spec')).toBeNull();
    const r = ingest(late, { file: 'q.log' });
    expect(r.report.assumptions.map((a) => a.what)).toContain('device type (virtual I/O BAR0 of 0x20 bytes)');
    expect({ report: r.report, stateHash: r.stateHash, events: r.events }).toEqual(wholeReport(late));
  });

  it('gives up when the one pass must plan again (a VF named late renumbers the others), with the same report', () => {
    const late = LOG + traffic.replaceAll('0000:65:00.1', '0000:64:00.1');
    expect(streamQemuLog(late, { file: 'q.log', chunk: 64 }, 'spec')).toBeNull();
    const r = ingest(late, { file: 'q.log' });
    expect(r.report.map['0000:64:00.1']).toBe('vf1');
    expect({ report: r.report, stateHash: r.stateHash, events: r.events }).toEqual(wholeReport(late));
  });

  it('a bad line after the run started is refused as the whole plan refuses it', () => {
    const late = `${LOG}vfio_region_write  (bad)\n`;
    expect(streamQemuLog(late, { file: 'q.log', chunk: 64 }, 'spec')).toBeNull();
    expect(() => ingest(late, { file: 'q.log' })).toThrow(CaptureError);
    expect(() => ingest(late, { file: 'q.log' })).toThrow(/q\.log:6\d\d\d: vfio_region_write\.dev/);
  });

  it('a capture whose run never started (calibrating to its end, or short) comes back planned whole, not run', () => {
    const short = syntheticQemuLog(200);
    const s = streamQemuLog(short, { file: 'q.log' }, 'spec');
    expect(s?.run).toBeNull();
    expect(s!.plan).toEqual(planText(short, { file: 'q.log' }));
    const r = ingest(short, { file: 'q.log' });
    expect({ report: r.report, stateHash: r.stateHash, events: r.events }).toEqual(wholeReport(short));
  });
});
