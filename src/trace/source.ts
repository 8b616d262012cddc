/**
 * Random-access bytes for the reader: a file (src/trace/file.ts) or memory. A `Window` on top
 * reads large blocks so a forward scan costs one read per megabyte, and keeps block starts
 * 4-byte aligned so frame payloads can be checksummed word by word without a copy.
 */
export interface ByteSource {
  /** For messages: the file name. */
  readonly name: string;
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end), in a buffer the caller may keep. */
  read(offset: number, length: number): Uint8Array;
  /**
   * Optional: fill `target` from `offset` (fewer bytes at the end) and return how many were read.
   * A scan reads through one reused buffer this way instead of allocating a block per megabyte.
   */
  readInto?(target: Uint8Array, offset: number): number;
  close?(): void;
}

export function bytesSource(bytes: Uint8Array, name = '<memory>'): ByteSource {
  return {
    name,
    size: bytes.length,
    read: (offset, length) => {
      const end = Math.min(bytes.length, offset + length);
      const out = new Uint8Array(Math.max(0, end - offset));
      out.set(bytes.subarray(offset, end));
      return out;
    },
    readInto: (target, offset) => {
      const part = bytes.subarray(offset, Math.min(bytes.length, offset + target.length));
      target.set(part);
      return part.length;
    },
  };
}

const BLOCK = 1 << 20;

export class Window {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  /** The reused block buffer, when the source can read into one (its length is the valid part of it). */
  private block: Uint8Array | null = null;

  constructor(readonly source: ByteSource) {}

  /**
   * A view of [offset, offset + length), shorter if the source ends first. Valid until the next
   * call: copy what you keep.
   */
  view(offset: number, length: number): Uint8Array {
    const end = Math.min(this.source.size, offset + length);
    if (offset < this.start || end > this.start + this.buf.length) {
      const start = offset - (offset & 3);
      const want = Math.min(this.source.size - start, Math.max(BLOCK, end - start));
      this.buf = this.fill(start, want);
      this.start = start;
    }
    return this.buf.subarray(offset - this.start, Math.max(offset, end) - this.start);
  }

  private fill(start: number, want: number): Uint8Array {
    const src = this.source;
    if (!src.readInto) return src.read(start, want);
    // One buffer for the whole scan: no allocation (nor fresh pages to fault in) per block.
    if (!this.block || this.block.length < want) this.block = new Uint8Array(Math.max(BLOCK, want));
    const n = src.readInto(this.block.subarray(0, want), start);
    return this.block.subarray(0, n);
  }
}
