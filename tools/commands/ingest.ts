/**
 * `vtwin ingest <capture>` (README "Captured traces"): the only file I/O of the ingest path. Reads
 * the capture and `--device`, hands the text to src/ingest, writes the shadow run as a trace
 * (`--out`) and prints the verdict. Exit 0 consistent, 1 divergent, 2 bad input. Registered in
 * tools/register/ingest.ts.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { DeviceConfigInput } from '../../src/domain/config.js';
import { profileNames } from '../../src/domain/profiles.js';
import { EXIT_FAILED, InputError } from '../../src/errors.js';
import { parseMapOption } from '../../src/ingest/fnmap.js';
import type { IngestOptions } from '../../src/ingest/ingest.js';
import type { CaptureFormat } from '../../src/ingest/plan.js';
import { formatIngest } from '../../src/ingest/report.js';
import { recordToFile } from '../../src/trace/file.js';
import { ingestParallel, PARALLEL_MIN_CHARS, startShadowWorker } from '../ingest/parallel.js';
import type { Recorder } from '../../src/trace/recorder.js';
import { readInputText, type Io } from '../io.js';
import { paint } from './report.js';

export interface IngestFlags {
  format?: CaptureFormat;
  device?: string;
  map?: string;
  profile?: string;
  out?: string;
  json?: boolean;
  strict?: boolean;
}

/** `--device`: inline JSON, or a JSON/YAML file of device options. */
function deviceOption(io: Io, text: string): DeviceConfigInput {
  const inline = text.trim().startsWith('{');
  const source = inline ? text : readInputText(io, text);
  let value: unknown;
  try {
    value = inline ? JSON.parse(source) : parseYaml(source);
  } catch (e) {
    const where = inline ? '(inline)' : text;
    const why = (e as Error).message;
    throw new InputError(`--device: ${where}: expected a JSON or YAML object of device options (${why})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`--device: ${inline ? '(inline)' : text}: expected an object of device options`);
  }
  return value as DeviceConfigInput;
}

/**
 * From how many characters of capture the replay runs on a worker thread: PARALLEL_MIN_CHARS, or
 * as VTWIN_INGEST_WORKER says (`0` never, `1` always; the report is the same either way).
 */
function workerFrom(): number {
  const v = process.env.VTWIN_INGEST_WORKER;
  return v === '0' ? Infinity : v === '1' ? 0 : PARALLEL_MIN_CHARS;
}

/** A capture of at least `minChars` bytes (a stat that fails: not big). */
function bigFile(io: Io, file: string, minChars: number): boolean {
  try {
    return statSync(path.resolve(io.cwd, file)).size >= minChars;
  } catch {
    return false; // reading it reports the error
  }
}

function profileOption(flag: string | undefined, device: DeviceConfigInput | undefined): string {
  const p = flag ?? device?.profile ?? 'spec';
  if (p !== 'auto' && !profileNames().includes(p)) {
    throw new InputError(
      `--profile: ${JSON.stringify(p)}: expected auto or a profile (vtwin profiles): ${profileNames().join(', ')}`,
    );
  }
  return p;
}

export function ingestAction(io: Io, setExit: (code: number) => void, file: string, flags: IngestFlags): void {
  const device = flags.device !== undefined ? deviceOption(io, flags.device) : undefined;
  const profile = profileOption(flags.profile, device);
  const minChars = workerFrom();
  if (profile !== 'auto' && flags.out === undefined && flags.format !== 'vtwin-capture' && bigFile(io, file, minChars))
    startShadowWorker();
  const text = readInputText(io, file);
  let recorder: Recorder | null = null;
  const opts: IngestOptions = { file, format: flags.format, device, profile, strict: flags.strict };
  if (flags.map !== undefined) opts.map = parseMapOption(flags.map);
  if (flags.out !== undefined) {
    const out = path.resolve(io.cwd, flags.out);
    opts.observe = (config, format) => {
      const producer = `vtwin ingest ${file} (${format}, profile ${config.profile})`;
      recorder = recordToFile(out, { config, seed: 0, producer });
      return recorder;
    };
  }
  // VTWIN_DEBUG: say which way it ran (tests and anyone timing it check that the setting took).
  const onPath = process.env.VTWIN_DEBUG ? (how: string) => io.err(`vtwin: ingest ran ${how}\n`) : undefined;
  const { report } = ingestParallel(text, opts, { minChars, onPath });
  (recorder as Recorder | null)?.finish();
  if (flags.out !== undefined) report.trace = flags.out;
  if (flags.json) io.out(JSON.stringify(report, null, 2) + '\n');
  else io.out(formatIngest(report, text, flags.map === undefined, paint(io)));
  if (report.verdict === 'divergent') setExit(EXIT_FAILED);
}
