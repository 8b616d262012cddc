import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { ExploreOpts } from '../commands/explore.js';

export function registerExplore(program: Command, io: Io, setExit: (code: number) => void): void {
  const explore = program
    .command('explore')
    .description('explore every order of the commands and device work within a bound; find orders that break a rule')
    .argument('<source>', 'a scenario (.json, .yaml) or a trace (.vtrace)')
    .option(
      '--bound <spec>',
      'depth=<choice points>, preemptions=<k>, time=<duration|none> (default time=60s); repeatable',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--from-seq <s>', 'a trace: replay up to the command that produced event s, explore from there')
    .option('--profile <P>', "device profile (default: the scenario's or the trace's)")
    .option('--workers <K>', 'worker threads', '1')
    .option('--shard <i/n>', 'explore only shard i of n of the units of work')
    .option('--out <dir>', 'write report.json, and per finding <rule>.json (pinned scenario) + <rule>.vtrace')
    .option('--json', 'print the report as one JSON document')
    .enablePositionalOptions()
    .action(async (source: string, o: ExploreOpts) =>
      (await import('../commands/explore.js')).exploreAction(io, setExit, source, o));

  explore
    .command('merge')
    .description('add up the reports of the shards of one exploration')
    .argument('<reports...>', 'report.json files (or --out directories of shards)')
    .option('--out <dir>', 'write the merged report.json there')
    .option('--json', 'print the merged report as one JSON document')
    .action(async (files: string[], o: { out?: string; json?: boolean }) =>
      (await import('../commands/explore.js')).exploreMergeAction(io, setExit, files, o));
}
