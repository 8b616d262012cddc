/**
 * The V8 heap setting every long `vtwin` command runs with (the bin, tools/vtwin-bin.cjs, applies
 * the same flag before it loads the CLI, and `npm run bench` calls tuneHeap at start;
 * docs/performance.md, "Where the time goes", has the figures).
 *
 * V8 grows the young generation one doubling at a time (semi-spaces of 1, 2, 4, 8 and at most
 * 16 MiB) as a run keeps surviving scavenges, so without this the peak memory of a fold replay
 * depended on how long the trace was: ~80 MiB at 1 M events, ~96 MiB at 10 M. Growing straight to
 * V8's cap at the first growth makes the peak the same at any length, and a shadow replay of a
 * long capture is ~6% faster (fewer resizes of the young generation). A command too short to grow
 * its young generation at all (`--version`, a seek) never pays the extra 16 MiB.
 *
 * Only the growth factor can be changed once V8 is running; the sizes themselves are fixed at
 * start-up, which a script's bin cannot choose portably.
 */
import * as v8 from 'node:v8';

export const HEAP_FLAGS = '--semi-space-growth-factor=16';

export function tuneHeap(): void {
  v8.setFlagsFromString(HEAP_FLAGS);
}
