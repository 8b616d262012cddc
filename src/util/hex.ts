/** Lower-case hex <-> bytes. Hex is how byte buffers appear in state, scenarios and JSON output. */

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
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

export function fromHex(hex: string): Uint8Array {
  const s = normaliseHex(hex);
  if (s === null) throw new RangeError(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
