/**
 * A campaign's --out directory (README "Fuzz campaigns": outputs): checked and created before the
 * first run, so an unusable path fails in a second, not after the campaign; findings written as
 * they are found, and report.json from time to time, so a killed campaign leaves what it found.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../src/errors.js';
import { findingScenario, type CampaignReport, type Finding } from '../../src/fuzz/index.js';
import { writeFindingTrace } from './traceOut.js';

/** Kernel file systems: writing there is never a result directory (and /proc/x hangs mkdir). */
const REFUSED = ['/proc', '/sys', '/dev'];

/** `abs` with its nearest existing ancestor's symlinks resolved. */
function realish(abs: string): string {
  let dir = abs;
  const rest: string[] = [];
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  return join(realpathSync(dir), ...rest);
}

/**
 * Check `path` (as the user wrote it, for messages) can hold results: not under /proc, /sys or
 * /dev, a directory (created if missing), writable. Returns its absolute path.
 */
export function prepareOutDir(path: string, cwd: string, flag = '--out'): string {
  const abs = resolve(cwd, path);
  const real = realish(abs);
  const under = REFUSED.find((r) => real === r || real.startsWith(r + sep));
  if (under) {
    throw new InputError(`${flag}: ${path} is under ${under} (a kernel file system): expected a directory for results`);
  }
  try {
    mkdirSync(abs, { recursive: true });
    const probe = join(abs, `.vtwin-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code !== 'string') throw e;
    const kind = { EEXIST: 'exists and is not a directory', ENOTDIR: 'a file is in the way' }[err.code];
    if (kind) throw new InputError(`${flag}: ${path}: ${kind}, expected a directory or a new path`);
    const why = { EACCES: 'permission denied', EROFS: 'read-only file system',
      EPERM: 'operation not permitted' }[err.code];
    throw new InputError(`${flag}: ${path}: cannot write results there (${why ?? err.message})`);
  }
  return abs;
}

export function findingPaths(out: string, f: Finding): { dir: string; scenario: string; trace: string } {
  const dir = join(out, f.rule);
  return { dir, scenario: join(dir, `${f.seed}.json`), trace: join(dir, `${f.seed}.vtrace`) };
}

/** Write through a temporary name: a reader (or a kill) never sees half a file. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeReport(out: string, report: CampaignReport): void {
  mkdirSync(out, { recursive: true });
  writeAtomic(join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
}

/** The mutation score of `--profile all` as `mutation.json`, for `vtwin report`. */
export function writeMutation(out: string, doc: object): void {
  mkdirSync(out, { recursive: true });
  writeAtomic(join(out, 'mutation.json'), JSON.stringify(doc, null, 2) + '\n');
}

/** One finding as `<rule>/<seed>.json` (a scenario) and `.vtrace`. Returns the paths written. */
function writeFinding(out: string, f: Finding, campaign: CampaignReport): string[] {
  const p = findingPaths(out, f);
  mkdirSync(p.dir, { recursive: true });
  writeAtomic(p.scenario, JSON.stringify(findingScenario(f, campaign), null, 2) + '\n');
  writeFindingTrace(p.trace, f, campaign);
  return [p.scenario, p.trace];
}

/**
 * Findings written as they are found (unshrunk), replaced by the report's own at the end: files of
 * findings the report does not keep (a later chunk brought an earlier run of the same root cause)
 * are removed, only those this writer wrote.
 */
export class FindingWriter {
  private written = new Set<string>();

  constructor(
    private readonly out: string,
    private readonly campaign: CampaignReport,
  ) {}

  found(f: Finding): void {
    for (const p of writeFinding(this.out, f, this.campaign)) this.written.add(p);
  }

  /** Write every finding of `report`; remove what was written for findings it does not keep. */
  finish(report: CampaignReport): void {
    const keep = new Set<string>();
    for (const f of report.findings) for (const p of writeFinding(this.out, f, report)) keep.add(p);
    for (const p of this.written) {
      if (keep.has(p)) continue;
      rmSync(p, { force: true });
      const dir = dirname(p);
      if (relative(this.out, dir) && existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    }
    this.written = keep;
  }
}
