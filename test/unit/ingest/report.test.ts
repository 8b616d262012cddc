/** The human report of `vtwin ingest` (README "Captured traces"): the first divergence in its context. */
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/ingest/ingest.js';
import { formatIngest } from '../../../src/ingest/report.js';

const HEADER = '{"format":"vtwin-capture","version":1,"device":{},"capturedBy":{"tool":"t"}}';
const SUBMIT = '{"type":"aq.submit","queue":0,"id":0,"cmd":"000001000000000000000000000000000000000000000000",' +
  '"writable":16}';
/** LIST_QUERY answered with EINVAL: the twin expects OK, a divergence on this line (4). */
const BAD = '{"type":"aq.complete","queue":0,"id":0,"status":7,"qualifier":0,"result":"","usedLen":8}';

describe('the first divergence in context', () => {
  it('shows the lines around it, the divergent one marked, and cuts a long one to 160 characters', () => {
    const note = `{"type":"x-vendor-note","text":"${'a'.repeat(5000)}"}`;
    const text = [HEADER, SUBMIT, note, BAD].join('\n');
    const { report } = ingest(text, { file: 'c.jsonl' });
    expect(report.divergences[0]).toMatchObject({ line: 4 });
    const out = formatIngest(report, text, false).split('\n');
    const context = out.filter((l) => /^ {2}[ >] \d \| /.test(l));
    expect(context.map((l) => l.slice(0, 6))).toEqual(['    2 ', '    3 ', '  > 4 ']);
    const cut = context[1]!;
    expect(cut.length).toBeLessThan(200);
    expect(cut).toContain(`… (${note.length} characters)`);
    expect(cut.split(' | ')[1]!.startsWith(note.slice(0, 159))).toBe(true);
    expect(context[2]).toContain(BAD);
  });
});
