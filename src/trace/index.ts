/** Trace recording and reading (README "Traces"). Format: ./format.ts. */
export * from './format.js';
export { createRecorder, type ByteSink, type Recorder, type RecorderInfo, type TraceSummary } from './writer.js';
export { openTrace, TraceReader, type OpenOptions, type ScanOptions, type ScanResult } from './reader.js';
export type { TraceVisitor } from './segment.js';
export { bytesSource, type ByteSource } from './source.js';
export { fileSink, fileSource, openTraceFile, recordToFile } from './file.js';
export { memorySink } from './memory.js';
export { readInputs, recordRun, rerecord, type RecordedInputs } from './runs.js';
