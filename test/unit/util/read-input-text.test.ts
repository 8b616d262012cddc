/**
 * tools/io.ts readInputText reads an ASCII file by a byte copy instead of decoding UTF-8: the string
 * must be the one UTF-8 decoding gives, for ASCII files and for any other.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readInputText } from '../../../tools/io.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vtwin-read-'));
const cases: Record<string, Buffer> = {
  'ascii.log': Buffer.from('vfio_msix_enable  (0000:65:00.1)\r\n\tkvm_set_irq gsi 24\n~\x7f\n'),
  'utf8.log': Buffer.from('# capture by Zoë – 65:00.1 µs ✓\nvfio_msix_enable  (0000:65:00.1)\n'),
  'bom.jsonl': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"format":"vtwin-capture"}\n')]),
  'latin1-bytes.log': Buffer.from([0x76, 0x66, 0xe9, 0x0a, 0xff, 0x80, 0x0a]), // not valid UTF-8
  'empty.log': Buffer.alloc(0),
  // Past the 8 MiB the reader takes at a time: ASCII throughout, and UTF-8 only in the second part.
  'long-ascii.log': Buffer.from('vfio_msix_enable  (0000:65:00.1)\n'.repeat(300_000)),
  'long-utf8.log': Buffer.from(`${'vfio_msix_enable  (0000:65:00.1)\n'.repeat(300_000)}# Zoë\n`),
};
for (const [name, bytes] of Object.entries(cases)) writeFileSync(join(dir, name), bytes);

describe('reading a capture or scenario file', () => {
  it.each(Object.keys(cases))('%s reads as UTF-8 decoding gives it', (name) => {
    expect(readInputText({ cwd: dir }, name)).toBe(readFileSync(join(dir, name), 'utf8'));
  });

  it('a pipe is read to its end, as UTF-8 decoding reads it', () => {
    const io = pathToFileURL(join(ROOT, 'dist/tools/io.js')).href;
    const script = `import { readInputText } from ${JSON.stringify(io)};` +
      "process.stdout.write(readInputText({ cwd: '/' }, '/dev/stdin'));";
    // `cat | node`: the capture reaches the reader through a pipe, which has no size to read up to.
    const r = spawnSync('bash', ['-c', `cat long-utf8.log | "${process.execPath}" --input-type=module -e "$0"`, script],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(dir, 'long-utf8.log'), 'utf8'));
  });

  it('a missing file is an error naming the path', () => {
    expect(() => readInputText({ cwd: dir }, 'none.log')).toThrow(expect.objectContaining({ path: 'none.log',
      code: 'ENOENT' }));
  });
});
