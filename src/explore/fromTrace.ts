/**
 * A recorded run as an exploration problem (README "Systematic exploration", `vtwin explore
 * <trace> --from-seq s`): the commands up to the one that produced event `s` are replayed as they
 * ran; from there on, what else could have happened with the run's remaining inputs.
 */
import { InputError } from '../errors.js';
import type { Command } from '../domain/commands.js';
import type { TraceReader } from '../trace/reader.js';
import { problemFromRun, type Problem } from './problem.js';

export interface TraceProblemOptions {
  /** Explore from the command that produced this event on (default: from the start). */
  fromSeq?: number;
  profile?: string;
}

export function problemFromTrace(reader: TraceReader, label: string, o: TraceProblemOptions = {}): Problem {
  if (reader.header.start.state !== 'config') {
    throw new InputError(
      `${label}: the run starts from a snapshot; explore needs a run recorded from its device config`,
    );
  }
  const commands: Command[] = [];
  const settles: number[] = [];
  let cut = -1;
  const r = reader.scan({
    command: (_i, _tick, cmd) => void commands.push(cmd),
    event: (e) => {
      if (e.seq === o.fromSeq) cut = e.cause;
    },
    settle: () => void settles.push(commands.length - 1),
  });
  if (o.fromSeq !== undefined && cut < 0) {
    throw new InputError(`--from-seq: ${o.fromSeq} is not an event of ${label} (seqs 0..${r.lastSeq})`);
  }
  // Explore from the command after the one that produced event `fromSeq`.
  const from = o.fromSeq === undefined ? 0 : cut + 1;
  if (!commands.slice(from).some((c) => c.op !== 'device.run') && !settles.some((c) => c >= from)) {
    throw new InputError(
      `--from-seq: after seq ${o.fromSeq} ${label} has no input command or settle left to explore around`,
    );
  }
  return problemFromRun(label, { config: reader.header.config, commands, settles }, from, o.profile);
}
