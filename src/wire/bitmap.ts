/**
 * `le64 device_admin_cmd_opcodes[]` ("LIST_QUERY / LIST_USE"): bit n of the array = opcode n,
 * word 0 covers opcodes 0-63. Length DIV_ROUND_UP(max+1, 64) * 8 bytes; extra zero words allowed.
 */

export function encodeOpcodeBitmap(opcodes: readonly number[], minBytes = 8): Uint8Array {
  const max = opcodes.length ? Math.max(...opcodes) : 0;
  const words = Math.max(Math.ceil((max + 1) / 64), Math.ceil(minBytes / 8));
  const out = new Uint8Array(words * 8);
  for (const op of opcodes) out[op >> 3]! |= 1 << (op & 7);
  return out;
}

/** Opcodes whose bits are set, ascending. Bytes past the buffer read as 0. */
export function decodeOpcodeBitmap(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) out.push(i * 8 + bit);
  }
  return out;
}
