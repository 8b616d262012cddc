/**
 * Bad input to every vtwin subcommand (README "CLI reference", issue 2 "Bad input"): exit 2 and
 * exactly one line on stderr, `vtwin: ...`, naming the file / flag and what was expected; never a
 * stack trace, never the internal-error exit 70.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const CLI = join(process.cwd(), 'dist/tools/vtwin.js');
const TRACE = join(process.cwd(), 'traces/regressions/0001-aq-reorder.vtrace');
let dir: string;

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** Exit 2, one `vtwin:` line matching `err`, nothing that looks like a stack frame. */
async function expectBadInput(argv: string[], err: RegExp) {
  const r = await vtwin(...argv);
  const what = argv.join(' ');
  expect(r.code, what).toBe(2);
  expect(r.err, what).toMatch(/^vtwin: [^\n]*\n$/);
  expect(r.err, what).toMatch(err);
  expect(r.err, what).not.toMatch(/\bat .*:\d+:\d+\)/);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-bad-input-'));
  writeFileSync(join(dir, 'trace.vtrace'), readFileSync(TRACE));
  writeFileSync(join(dir, 'afile.txt'), 'just text');
  mkdirSync(join(dir, 'emptydir'));
  // Bytes that are not JSON, including a newline and control characters that must not reach stderr raw.
  writeFileSync(join(dir, 'noise.json'), Buffer.from([0xff, 0xfe, 0x0a, 0x01, 0x7b, 0x0a, 0x00, 0x22]));
});

describe('usage errors are one vtwin: line like every other bad input', () => {
  it.each([
    [['run', 'x.json', '--frobnicate'], /^vtwin: unknown option '--frobnicate'/],
    [['frobnicate'], /^vtwin: unknown command 'frobnicate'/],
    [['run'], /^vtwin: missing required argument 'scenario'/],
    [['fuzz', 'merge'], /^vtwin: missing required argument 'reports'/],
    [['replay', 'trace.vtrace', '--mode', 'sideways'],
      /'--mode <mode>' argument 'sideways' is invalid\. Allowed choices are fold, reexec/],
    [['export', 'trace.vtrace'], /required option '--format <format>' not specified/],
    [['timeline', 'trace.vtrace', '--vf', '-1'],
      /'--vf <n>' argument '-1' is invalid\. expected a non-negative integer/],
    [['blame', 'trace.vtrace', 'aq', '--limit', 'many'], /'--limit <n>' argument 'many' is invalid/],
    [['profiles', 'extra'], /too many arguments for 'profiles'/],
  ])('%j', async (argv, err) => {
    await expectBadInput(argv, err);
  });

  it('the installed binary prints the same single line (no help text after it)', () => {
    const r = spawnSync('node', [CLI, 'inspect', TRACE, 'extra'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "vtwin: too many arguments for 'inspect'. Expected 1 argument but got 2. (run with --help for usage)\n");
  });
});

describe('flag values the input cannot satisfy', () => {
  it('timeline --vf beyond the recorded device names the flag and the VF range', async () => {
    await expectBadInput(['timeline', 'trace.vtrace', '--vf', '9'],
      /^vtwin: --vf 9: trace\.vtrace records a device with 8 VF\(s\); expected 0 \(the PF\) \.\. 8\n$/);
    // The last VF is still accepted (it prints its events, possibly none).
    expect((await vtwin('timeline', 'trace.vtrace', '--vf', '8')).code).toBe(0);
  });

  it('main checks --seed before reading --dir', async () => {
    await expectBadInput(['main', '--dir', 'nowhere', '--seed', '-3'],
      /^vtwin: --seed: expected an integer in 0\.\.4294967295, got "-3"\n$/);
  });
});

describe('paths of the wrong kind', () => {
  it('main --dir names the directory as written: missing, or a file', async () => {
    await expectBadInput(['main', '--dir', 'nowhere'], /^vtwin: nowhere: no such file or directory\n$/);
    await expectBadInput(['main', '--dir', 'afile.txt'], /^vtwin: afile\.txt: not a directory\n$/);
    await expectBadInput(['main', '--dir', 'emptydir'], /^vtwin: emptydir: no scenario files/);
  });

  it('fuzz --out that is an existing file says a directory was expected', async () => {
    await expectBadInput(['fuzz', '--runs', '1', '--out', 'afile.txt'],
      /afile\.txt: exists and is not a directory, expected a directory or a new path\n$/);
  });
});

describe('vtwin fuzz merge: reports that are not reports', () => {
  it('a directory without report.json', async () => {
    await expectBadInput(['fuzz', 'merge', 'emptydir'],
      /^vtwin: emptydir: a directory without report\.json; expected a fuzz report or a campaign's --out directory\n$/);
  });

  it('a missing file is named as written', async () => {
    await expectBadInput(['fuzz', 'merge', 'gone.json'], /^vtwin: gone\.json: no such file or directory\n$/);
  });

  it('bytes that are not JSON: line and column, not the raw bytes', async () => {
    await expectBadInput(['fuzz', 'merge', 'noise.json'], /^vtwin: noise\.json:1:1: invalid JSON: /);
  });

  it('JSON of the wrong shape: the JSON path and what was expected', async () => {
    writeFileSync(join(dir, 'array.json'), '[1, 2]');
    await expectBadInput(
      ['fuzz', 'merge', 'array.json'],
      /^vtwin: array\.json: format: a vtwin fuzz report with format "vtwin-fuzz-report\/2" \(not an object\)\n$/,
    );
    writeFileSync(join(dir, 'bare.json'), '{"format": "vtwin-fuzz-report/2"}');
    await expectBadInput(['fuzz', 'merge', 'bare.json'], /^vtwin: bare\.json: seed: a non-negative integer\n$/);
  });

  it('a report whose findings are malformed names the finding field', async () => {
    mkdirSync(join(dir, 'shard'), { recursive: true });
    expect((await vtwin('fuzz', '--runs', '2', '--out', 'shard')).code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'shard', 'report.json'), 'utf8'));
    // Two shards of the same campaign with disjoint ranges: only the finding is wrong.
    writeFileSync(join(dir, 'other.json'), JSON.stringify(
      { ...report, ranges: [[5, 6]], findings: [{ rule: 'device.aq.fifo-per-queue', index: 5 }] }));
    await expectBadInput(['fuzz', 'merge', 'shard', 'other.json'],
      /^vtwin: other\.json: findings\[0\]\.message: a string\n$/);
    // The well-formed shard alone still merges.
    expect((await vtwin('fuzz', 'merge', 'shard')).code).toBe(0);
  });
});

describe('files whose size stat does not tell: read with a byte budget', () => {
  it('run /dev/zero stops after 16 MiB instead of reading forever (stat says 0 bytes)', async () => {
    const t0 = performance.now();
    await expectBadInput(['run', '/dev/zero'],
      /^vtwin: \/dev\/zero: more than 16 MiB; a scenario file may be at most 16 MiB\n$/);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('fuzz merge /dev/zero stops at the report budget', async () => {
    await expectBadInput(['fuzz', 'merge', '/dev/zero'], /^vtwin: \/dev\/zero: more than 64 MiB; a fuzz report/);
  });

  it.each([
    [['ingest', 'emptydir']],
    [['ingest', 'afile.txt', '--device', 'emptydir']],
    [['check-export', 'emptydir']],
  ])('a directory where a capture, device file or export was expected is named, not an internal error: %j',
    async (argv) => {
      await expectBadInput(argv, /^vtwin: emptydir: is a directory, expected a file\n$/);
    });

  it('a trace that is a device is refused up front (a trace is read by offset), not called a directory', async () => {
    await expectBadInput(['inspect', '/dev/zero'],
      /^vtwin: \/dev\/zero: not a regular file \(a device, pipe or socket\); a trace must be a file\n$/);
  });
});

describe('output paths under /proc and /sys are refused before any work', () => {
  it.each([
    [['run', 'x.json', '--record', '/proc/self/x.vtrace'], /^vtwin: --record \/proc\/self\/x\.vtrace: under \/proc/],
    [['shrink', 'trace.vtrace', '--out', '/sys/kernel/x'], /^vtwin: --out \/sys\/kernel\/x: under \/sys/],
    [['export', 'trace.vtrace', '--format', 'perfetto', '--out', '/proc/x.json'], /^vtwin: --out \/proc\/x\.json/],
    // Through a symlink: /dev/fd is /proc/self/fd on Linux.
    [['run', 'x.json', '--record', '/dev/fd/9'], /^vtwin: --record \/dev\/fd\/9: under \/proc/],
  ])('%j', async (argv, err) => {
    await expectBadInput(argv, err);
  });
});
