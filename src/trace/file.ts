/**
 * The trace's only contact with the file system (README "Architecture": I/O at the edges).
 * Synchronous on purpose: the engine's observers are synchronous, and a recorder that returned
 * before its bytes were handed to the OS would lose them when the process is killed.
 */
import * as fs from 'node:fs';
import { InputError } from '../errors.js';
import { createRecorder, type ByteSink, type Recorder, type RecorderInfo } from './writer.js';
import { openTrace, type OpenOptions, type TraceReader } from './reader.js';
import type { ByteSource } from './source.js';

/** Writes each chunk as it comes (the recorder hands over ~64 KiB frames). */
export function fileSink(path: string): ByteSink {
  const fd = fs.openSync(path, 'w');
  return {
    write(chunk) {
      let done = 0;
      while (done < chunk.length) done += fs.writeSync(fd, chunk, done, chunk.length - done);
    },
    close() {
      fs.closeSync(fd);
    },
  };
}

/** Record an engine run to `path`: attach the result as an observer, call finish() at the end. */
export function recordToFile(path: string, info: RecorderInfo): Recorder {
  return createRecorder(fileSink(path), info);
}

/** `name` is what messages call the file (default: `path`). */
export function fileSource(path: string, name = path): ByteSource {
  const fd = fs.openSync(path, 'r');
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`${name}: not a regular file`), { code: 'EISDIR', path: name });
    // A device or pipe: its size says nothing (0 for /dev/zero) and a trace is read by offset.
    throw new InputError(`${name}: not a regular file (a device, pipe or socket); a trace must be a file`);
  }
  return {
    name,
    size: st.size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, st.size - offset));
      // allocUnsafeSlow: an unpooled buffer starts 4-byte aligned, so payloads checksum without a copy.
      const buf = Buffer.allocUnsafeSlow(n);
      let done = 0;
      while (done < n) {
        const r = fs.readSync(fd, buf, done, n - done, offset + done);
        if (r === 0) break;
        done += r;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    readInto(target, offset) {
      const n = Math.max(0, Math.min(target.length, st.size - offset));
      let done = 0;
      while (done < n) {
        const r = fs.readSync(fd, target, done, n - done, offset + done);
        if (r === 0) break;
        done += r;
      }
      return done;
    },
    close() {
      fs.closeSync(fd);
    },
  };
}

/** Open a trace file (magic, version, header and index checked). Close it with `reader.close()`. */
export function openTraceFile(path: string, name = path, opts: OpenOptions = {}): TraceReader {
  const source = fileSource(path, name);
  try {
    return openTrace(source, opts);
  } catch (e) {
    source.close?.();
    throw e;
  }
}
