/** Trace files for findings: filled in once the trace writer lands (see src/trace). */
import type { Finding } from '../../src/fuzz/campaign.js';
import type { CampaignReport } from '../../src/fuzz/report.js';

export function writeFindingTrace(path: string, f: Finding, report: CampaignReport): void {
  void path;
  void f;
  void report;
}
