/** A finding's trace: its exact command list re-run through the recorder into `<rule>/<seed>.vtrace`. */
import type { CampaignReport, Finding } from '../../src/fuzz/index.js';
import { fileSink } from '../../src/trace/file.js';
import { recordRun } from '../../src/trace/runs.js';

export function writeFindingTrace(path: string, f: Finding, report: CampaignReport): void {
  recordRun(fileSink(path), { config: f.config, seed: f.seed,
    producer: `vtwin fuzz --seed ${report.seed} --profile ${report.profile} (run ${f.index}, ${f.rule})` }, f.commands);
}
