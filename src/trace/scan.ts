/** What a scan of a trace takes and reports (src/trace/reader.ts). */
import type { SegmentEntry } from './format.js';

export interface ScanOptions {
  /** Start at this segment (from `segments()`) instead of the first. */
  from?: SegmentEntry;
  /**
   * Stop before the frame at this offset, a snapshot frame (a segment entry's `snapshotOffset`):
   * the scan then covers whole segments, the frames of a stretch of the trace and nothing else.
   */
  until?: number;
  /** Called once per frame: bytes done, bytes total. */
  progress?(offset: number, size: number): void;
}

export interface ScanResult {
  /** The file ends before the recorder finished (no end record, index or trailer). */
  truncated: boolean;
  /** Where the recoverable data ends (the first byte not recovered), when truncated. */
  truncatedAt: number | null;
  reason: string | null;
  /** The scan stopped because the visitor asked to. */
  stopped: boolean;
  /** An end record was read. */
  ended: boolean;
  /** Seq of the last event read, -1 if none. */
  lastSeq: number;
  /** Commands read (counted from the event stream, even when their contents were not decoded). */
  commands: number;
}

export function newResult(): ScanResult {
  return { truncated: false, truncatedAt: null, reason: null, stopped: false, ended: false, lastSeq: -1, commands: 0 };
}

