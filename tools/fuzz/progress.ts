/** A one-line progress display on a TTY; silent otherwise (CI logs stay clean). */
import type { Io } from '../io.js';

export function progressBar(io: Io, minIntervalMs = 200) {
  let last = 0;
  let shown = false;
  return {
    update(text: string): void {
      if (!io.isTty) return;
      const now = Date.now();
      if (now - last < minIntervalMs) return;
      last = now;
      shown = true;
      io.err(`\r\x1b[2K${text}`);
    },
    done(): void {
      if (shown) io.err('\r\x1b[2K');
      shown = false;
    },
  };
}
