import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { FuzzOpts } from '../commands/fuzz.js';

export function registerFuzz(program: Command, io: Io, setExit: (code: number) => void): void {
  const fuzz = program
    .command('fuzz')
    .description('run a fuzz campaign: generate runs, check every rule, shrink and save failures')
    .option('--seed <S>', 'campaign seed', '1')
    .option('--runs <N>', 'number of runs (default 1000 unless --time)')
    .option('--time <duration>', 'run for a duration instead (e.g. 60s, 2m); cuts a run still going')
    .option('--workers <K>', 'worker threads', '1')
    .option(
      '--shard <i/n|auto|auto:I/N>',
      'run only shard i of n; auto: from a Kubernetes Indexed Job, a Slurm array, or named env vars',
    )
    .option('--profile <P>', 'device profile, or "all" for the mutation score of every deviation', 'spec')
    .option('--strategy <S>', 'how runs schedule device work: swarm (random) or pct (priorities)', 'swarm')
    .option('--depth <d>', 'pct: the bug depth d to aim for (d - 1 priority change points; default 3)')
    .option('--actions <N>', 'actions per run', '50')
    .option('--out <dir>', 'write report.json, and per finding <rule>/<seed>.json (+ .vtrace), as they are found')
    .option('--from <trace>', 'seed the campaign with a captured run: mutate its inputs, re-interleave its device work')
    .option('--json', 'print the report as one JSON document')
    .enablePositionalOptions()
    .action(async (o: FuzzOpts) => (await import('../commands/fuzz.js')).fuzzAction(io, setExit, o));

  fuzz
    .command('merge')
    .description('combine the report.json files of shards into one report')
    .argument('<reports...>', 'report.json files (or --out directories of shards)')
    .option('--out <dir>', 'write the merged report.json there')
    .option('--json', 'print the merged report as one JSON document')
    .action(async (files: string[], o: { out?: string; json?: boolean }) =>
      (await import('../commands/fuzz.js')).fuzzMergeAction(io, setExit, files, o));
}
