/** Lower-case hex <-> bytes. Hex is how byte buffers appear in state, scenarios and JSON output. */

const HEX = '0123456789abcdef';

/** Bytes [start, end) in hex (the whole array by default): a range needs no subarray view. */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = Math.max(0, start); i < Math.min(end, bytes.length); i++) {
    const b = bytes[i]!;
    s += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return s;
}

/** Whitespace, `0x` prefixes and `:`/`-`/`_` separators are tolerated so captured dumps paste in. */
export function normaliseHex(text: string): string | null {
  const s = text.replace(/0x/gi, '').replace(/[\s:_-]/g, '').toLowerCase();
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/.test(s)) return null;
  return s;
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

export function fromHex(hex: string): Uint8Array {
  // Fast path: plain even-length hex (what state and events hold), no regex, no substrings.
  if (hex.length % 2 === 0) {
    const out = new Uint8Array(hex.length / 2);
    let ok = true;
    for (let i = 0; i < out.length; i++) {
      const hi = nibble(hex.charCodeAt(2 * i));
      const lo = nibble(hex.charCodeAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        ok = false;
        break;
      }
      out[i] = (hi << 4) | lo;
    }
    if (ok) return out;
  }
  const s = normaliseHex(hex);
  if (s === null) throw new RangeError(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
