/** An in-memory ByteSink, for tests and for callers that keep traces in memory (the fuzzer). */
import type { ByteSink } from './writer.js';

export interface MemorySink extends ByteSink {
  /** Everything written so far, as one buffer. */
  bytes(): Uint8Array;
}

export function memorySink(): MemorySink {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    write(chunk) {
      chunks.push(chunk);
      size += chunk.length;
    },
    bytes() {
      const out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    },
  };
}
