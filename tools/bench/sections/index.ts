/** Every bench section, in the order `npm run bench` runs them. */
import type { BenchSection } from '../harness.js';
import { traceReplay } from './traceReplay.js';
import { vfScaling } from './vfScaling.js';
import { interrupts } from './interrupts.js';
import { legacy } from './legacy.js';
import { fuzz } from './fuzz.js';
import { exploreSection } from './explore.js';

export const SECTIONS: BenchSection[] = [traceReplay, vfScaling, interrupts, legacy, fuzz, exploreSection];
