/** What a replay (./replay.ts, ./fold.ts) reports. */
import type { Divergence } from './divergence.js';

export type ReplayMode = 'fold' | 'reexec';

export interface ReplayResult {
  mode: ReplayMode;
  ok: boolean;
  events: number;
  commands: number;
  /** Checkpoint hashes compared (and equal up to the divergence). */
  checkpoints: number;
  lastSeq: number;
  truncated: boolean;
  truncatedAt: number | null;
  truncatedReason: string | null;
  divergence: Divergence | null;
}

export interface ReplayOptions {
  progress?(offset: number, size: number): void;
}
