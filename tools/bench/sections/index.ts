/** Every bench section, in the order `npm run bench` runs them. */
import type { BenchSection } from '../harness.js';
import { traceReplay } from './traceReplay.js';
import { vfScaling } from './vfScaling.js';
import { interrupts } from './interrupts.js';
import { legacy } from './legacy.js';
import { fuzz } from './fuzz.js';
import { cliStartup } from './cliStartup.js';
import { bigTrace } from './bigTrace.js';
import { ingestSection } from './ingest.js';
import { exploreSection } from './explore.js';

export const SECTIONS: BenchSection[] = [
  cliStartup, traceReplay, bigTrace, vfScaling, interrupts, legacy, fuzz, ingestSection, exploreSection,
];
