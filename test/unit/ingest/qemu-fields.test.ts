/**
 * Number fields of QEMU log lines (docs/capture-format.md#qemu-trace-log): `%d` and `0x%x` values
 * are decoded exactly as Number and parseInt read them, any number of digits; a value above 2^53
 * (which a JS number cannot hold exactly) is refused naming the first such field in the line, also
 * one the ingester does not keep. And how `vtwin ingest` tells the two capture formats apart.
 */
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../src/errors.js';
import { detectFormat } from '../../../src/ingest/ingest.js';
import { parseQemuLog } from '../../../src/ingest/qemu/parse.js';
import { hexField, intField, TOO_BIG } from '../../../src/ingest/qemu/template.js';

const error = (line: string): string => {
  try {
    parseQemuLog(`${line}\n`, 'f.log');
  } catch (e) {
    expect(e).toBeInstanceOf(CaptureError);
    return (e as CaptureError).message;
  }
  throw new Error('accepted');
};

describe('QEMU log number fields', () => {
  it('decodes decimal fields as Number does: signs, leading zeros, up to 2^53 - 1', () => {
    const raws = ['0', '7', '-1', '-0', '0042', '1073741824', '4294967295', '999999999999999', '9007199254740991'];
    for (const raw of [...raws, '-9007199254740991', '0000000000000000000012'])
      expect(Object.is(intField(raw), Number(raw)), raw).toBe(true);
  });

  it('decodes hex fields as parseInt(…, 16) does: either case, leading zeros, up to 2^53 - 1', () => {
    const raws = ['0', 'f', 'F', 'fee01000', 'FEE01000', 'aBcDeF', '0000000000000001', 'fffffffffffff'];
    for (const raw of [...raws, '1fffffffffffff', '000000000000000000ff'])
      expect(hexField(raw), raw).toBe(parseInt(raw, 16));
  });

  it('throws TOO_BIG for a value a JS number cannot hold exactly', () => {
    const thrown = (f: () => number): unknown => {
      try {
        return f();
      } catch (e) {
        return e;
      }
    };
    expect(thrown(() => intField('9007199254740993'))).toBe(TOO_BIG);
    expect(thrown(() => intField('-99999999999999999'))).toBe(TOO_BIG);
    expect(thrown(() => hexField('20000000000001'))).toBe(TOO_BIG);
    expect(thrown(() => hexField('123456789abcdef01'))).toBe(TOO_BIG);
  });

  it('a record carries exact values for long-but-small numbers (leading zeros)', () => {
    const line = 'vfio_region_read  (0000:65:00.1:region0+0x00000000000000013, 001) = 0x000000000000000002';
    const rec = parseQemuLog(`${line}\n`, 'f.log').records[0]!.rec;
    expect(rec).toEqual({ ev: 'vfio_region_read', dev: '0000:65:00.1', index: 0, addr: 0x13, size: 1, data: 2 });
  });

  it('refuses a value above 2^53 in a field the ingester does not keep (the MSI-X BAR)', () => {
    const setup = 'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70';
    expect(error(`${setup}, BAR 99999999999999999, offset 0x2000, entries 4`)).toBe(
      'f.log:1: vfio_msix_early_setup.bar: a value below 2^53',
    );
    const region = 'vfio_region_setup Device 0000:65:00.1, region 0 "BAR 0", flags: 0x3';
    expect(error(`${region}, offset: 0x123456789abcdef01, size: 0x20`)).toBe(
      'f.log:1: vfio_region_setup.offset: a value below 2^53',
    );
  });

  it('names the first field too large in the line, whatever order the record takes them in', () => {
    expect(error('vfio_region_write  (0000:65:00.1:region0+0x123456789abcdef01, 0x3, 99999999999999999)')).toBe(
      'f.log:1: vfio_region_write.addr: a value below 2^53',
    );
    const setup = 'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2';
    expect(error(`${setup}, offset 0x123456789abcdef01, entries 99999999999999999, noresize 1`)).toBe(
      'f.log:1: vfio_msix_early_setup.offset: a value below 2^53',
    );
  });
});

describe('capture format detection', () => {
  it('a vtwin-capture is text whose first non-blank character is {, blanks as \\s counts them', () => {
    for (const lead of ['', ' ', '\n\n', '\t\r\n', '\u00a0', '\ufeff', '\u2028 ', '\u3000'])
      expect(detectFormat(`${lead}{"format":"vtwin-capture"}\n`), JSON.stringify(lead)).toBe('vtwin-capture');
    for (const text of ['', '   \n', 'vfio_msix_enable  (0000:65:00.1)\n{', '\u200b{', 'x{'])
      expect(detectFormat(text), JSON.stringify(text)).toBe('qemu-log');
  });
});
