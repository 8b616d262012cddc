/**
 * The fuzz phase of `npm start` (README "CLI reference": main): progress on a TTY only, the
 * runs-to-catch of every deviation profile under swarm and PCT side by side, NO_COLOR honoured.
 */
import { describe, expect, it } from 'vitest';
import { deviationProfiles } from '../../src/fuzz/index.js';
import type { MainContext } from '../../tools/commands/main.js';
import { fuzzPhaseWith } from '../../tools/commands/mainFuzz.js';
import { paint } from '../../tools/commands/report.js';
import { captureIo } from '../../tools/io.js';

async function runPhase(isTty: boolean, env: Record<string, string> = {}) {
  const io = captureIo();
  io.isTty = isTty;
  const ctx: MainContext = { io, paint: paint(io, env), json: false, scenarios: [], seed: 1 };
  const outcome = await fuzzPhaseWith(100, 30).run(ctx);
  return { outcome, stdout: io.stdout, stderr: io.stderr };
}

const onTty = runPhase(true);
const offTty = runPhase(false);

describe('npm start: the fuzz phase', () => {
  it('shows progress on stderr on a TTY, and erases it when done', async () => {
    const { stderr } = await onTty;
    // eslint-disable-next-line no-control-regex -- the escape sequence is what is tested
    expect(stderr).toMatch(/\r\x1b\[2Kfuzz: spec \d+\/100 runs, 0 findings/);
    // eslint-disable-next-line no-control-regex -- the escape sequence is what is tested
    expect(stderr).toMatch(/\r\x1b\[2Kfuzz: mutation score, [a-z-]+ \((swarm|pct)\): \d+ runs/);
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('stays quiet off a TTY (CI logs)', async () => {
    expect((await offTty).stderr).toBe('');
  });

  it('compares runs to catch each profile under swarm and PCT, in the output and in --json detail', async () => {
    const { outcome, stdout } = await offTty;
    const names = deviationProfiles().map((p) => p.name);
    expect(stdout).toMatch(/runs to catch +swarm +pct\n/);
    const runs = '(\\d+|not in \\d+)';
    for (const name of names) expect(stdout).toMatch(new RegExp(`^${name} +${runs} +${runs}$`, 'm'));
    type Row = { profile: string; swarm: number | null; pct: number | null };
    const detail = outcome.detail as { fuzz: { runsToCatch: Row[] } };
    expect(detail.fuzz.runsToCatch.map((r) => r.profile)).toEqual(names);
    expect(detail.fuzz.runsToCatch.find((r) => r.profile === 'aq-reorder')).toMatchObject({ swarm: 2, pct: 7 });
    expect(outcome.summary).toMatch(
      /^100 spec runs \(seed 1\): 0 findings; mutation score \d+\/17 profiles caught \(pct: \d+\); /,
    );
  });

  it('uses colour on a TTY, and none when NO_COLOR is set (no-color.org: any non-empty value)', async () => {
    expect((await onTty).stdout).toContain('\x1b[');
    expect((await runPhase(true, { NO_COLOR: '1' })).stdout).not.toContain('\x1b[');
    expect(paint({ ...captureIo(), isTty: true }, { NO_COLOR: '' }).bad('x')).toBe('\x1b[31mx\x1b[0m');
  });
});
