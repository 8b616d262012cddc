import { Option, type Command } from 'commander';
import type { CaptureFormat } from '../../src/ingest/plan.js';
import type { Io } from '../io.js';
import type { IngestFlags } from '../commands/ingest.js';

const FORMATS = ['qemu-log', 'vtwin-capture'] as const satisfies readonly CaptureFormat[];

export function registerIngest(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('ingest')
    .description(
      'replay a trace captured on a real system (QEMU trace log or vtwin-capture) against the twin: ' +
        'a verdict for every observation',
    )
    .argument('<capture>', 'capture file: a QEMU log backend trace, or vtwin-capture JSON lines')
    .addOption(
      new Option('--format <format>', 'capture format (default: vtwin-capture if the file starts with "{")')
        .choices(FORMATS),
    )
    .option('--device <file|json>', 'device options (JSON or YAML file, or inline JSON); they win over calibration')
    .option(
      '--map <entries>',
      'which function each device is: 0000:65:00.1=vf1,... (qemu-log; default: PF and VFs in address order)',
    )
    .option(
      '--profile <profile>',
      'device profile to compare with, or auto: rank every built-in profile by divergences (default spec)',
    )
    .option('--out <trace>', 'write the shadow run as a .vtrace (records keep their capture line)')
    .option('--json', 'one JSON document on stdout')
    .option('--strict', 'refuse lines with events (or record types) the ingester does not know')
    .action(async (file: string, flags: IngestFlags) =>
      (await import('../commands/ingest.js')).ingestAction(io, setExit, file, flags));
}
