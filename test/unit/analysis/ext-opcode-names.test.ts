/**
 * A device config may move an extension's opcode (`extOpcodes`). Everything that shows a recorded
 * trace names opcodes as that device numbers them, and LIST_USE given an extension by name asks
 * for it at the device's number ("Group administration commands": the in-use set is opcodes, so
 * a name must become the number this device answers to).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/analysis/describe.js';
import { namedEvent } from '../../../src/analysis/names.js';
import { exportPerfetto } from '../../../src/analysis/perfetto.js';
import type { Engine } from '../../../src/engine/engine.js';
import { ViewSession } from '../../../src/view/session.js';
import { blameAction } from '../../../tools/commands/blame.js';
import { stateAction } from '../../../tools/commands/state.js';
import { timelineAction } from '../../../tools/commands/timeline.js';
import { captureIo } from '../../../tools/io.js';
import { open, record } from '../trace/helpers.js';

const MOVED = 0x7e00;
const device = { totalVFs: 4, extOpcodes: { VTWIN_EXT_VF_MSIX_SET: MOVED } };

/** LIST_USE naming the moved extension, then a command of it left queued at the end. */
function drive(e: Engine): void {
  e.execute({ op: 'sriov.enable', numVFs: 2 });
  e.execute({ op: 'aq.submit', tag: 'use', cmd: { opcode: 'LIST_USE', group: 'SRIOV',
    opcodes: ['LIST_QUERY', 'LIST_USE', 'VTWIN_EXT_VF_MSIX_SET'] } });
  e.settle();
  e.execute({ op: 'aq.submit', tag: 'set', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 2 } });
}

const w = record(drive, { device });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtwin-ext-names-'));
const file = path.join(dir, 'moved.vtrace');
fs.writeFileSync(file, w.bytes);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const submitted = w.events.find((e) => e.type === 'aq/submitted' && e.tag === 'set')!;

describe('opcodes named as the recorded device numbers them (extOpcodes)', () => {
  it('LIST_USE resolves an extension name to its moved number and the device accepts it', () => {
    const use = w.events.find((e) => e.type === 'aq/inUseSet');
    expect(use).toMatchObject({ groupType: 1, opcodes: [0, 1, MOVED] });
    const done = w.events.find((e) => e.type === 'aq/completed' && e.cid === 0);
    expect(done).toMatchObject({ status: 0, qualifier: 0 });
  });

  it('an event names the moved opcode with the config, and only the number without it', () => {
    expect(submitted).toMatchObject({ opcode: MOVED });
    expect(namedEvent(submitted, w.engine.config)).toMatchObject({ opcode: 'VTWIN_EXT_VF_MSIX_SET',
      codes: { opcode: MOVED } });
    expect(namedEvent(submitted).opcode).toBe('OPCODE_0x7e00');
    expect(describeEvent(submitted, w.engine.config)).toContain('opcode=VTWIN_EXT_VF_MSIX_SET');
  });

  it('vtwin timeline names it in its entries and in what is outstanding, text and JSON', () => {
    const text = captureIo();
    timelineAction(text, file, {});
    expect(text.stdout).toMatch(/aq\/submitted .*opcode=VTWIN_EXT_VF_MSIX_SET/);
    expect(text.stdout).toContain('cid 1 "set" VTWIN_EXT_VF_MSIX_SET to member 1');
    const json = captureIo();
    timelineAction(json, file, { json: true });
    const doc = JSON.parse(json.stdout) as { entries: { kind: string; type?: string; opcode?: string }[];
      outstanding: { opcode: string; codes: { opcode: number } }[] };
    const entry = doc.entries.find((x) => x.type === 'aq/submitted' && x.opcode === 'VTWIN_EXT_VF_MSIX_SET');
    expect(entry).toBeDefined();
    expect(doc.outstanding).toEqual([expect.objectContaining({ opcode: 'VTWIN_EXT_VF_MSIX_SET',
      codes: { opcode: MOVED } })]);
  });

  it('vtwin state and blame name it in the in-use set and the in-flight command', () => {
    const last = w.events.at(-1)!.seq;
    const json = captureIo();
    stateAction(json, file, { at: last, path: 'aq', json: true });
    const names = (JSON.parse(json.stdout) as { names: Record<string, string> }).names;
    expect(names['aq.inUse[1][2]']).toBe('VTWIN_EXT_VF_MSIX_SET');
    expect(names['aq.commands.1.opcode']).toBe('VTWIN_EXT_VF_MSIX_SET');
    const text = captureIo();
    stateAction(text, file, { at: last, path: 'aq.inUse[1]' });
    const shown = ['LIST_QUERY (0x0)', 'LIST_USE (0x1)', 'VTWIN_EXT_VF_MSIX_SET (0x7e00)'];
    expect(JSON.parse(text.stdout)).toEqual(shown);
    const blamed = captureIo();
    blameAction(blamed, file, 'aq.inUse[1]', { json: true });
    type Blamed = { names: Record<string, string>; entries: { event: { opcodes: string[] } }[] };
    const b = JSON.parse(blamed.stdout) as Blamed;
    expect(b.names['aq.inUse[1][2]']).toBe('VTWIN_EXT_VF_MSIX_SET');
    expect(b.entries[0]!.event.opcodes).toEqual(['LIST_QUERY', 'LIST_USE', 'VTWIN_EXT_VF_MSIX_SET']);
  });

  it('vtwin state addresses an in-flight command by its cid, as blame and scenario paths do', () => {
    const io = captureIo();
    stateAction(io, file, { at: w.events.at(-1)!.seq, path: 'aq.commands.1', json: true });
    const doc = JSON.parse(io.stdout) as { value: { cid: number; tag: string } };
    expect(doc.value).toMatchObject({ cid: 1, tag: 'set' });
  });

  it('the Perfetto export and the viewer name it', () => {
    let out = '';
    exportPerfetto(open(w.bytes), (t) => void (out += t));
    expect(out).toContain('submit VTWIN_EXT_VF_MSIX_SET set');
    expect(out).not.toContain('OPCODE_0x7e00');
    const view = new ViewSession(open(w.bytes), 'moved.vtrace');
    const win = view.window(submitted.seq, submitted.seq);
    const ev = win.entries.find((x) => x.kind === 'event');
    expect(ev).toMatchObject({ text: expect.stringContaining('opcode=VTWIN_EXT_VF_MSIX_SET') as unknown });
    expect(win.spans.map((s) => s.label)).toContain('VTWIN_EXT_VF_MSIX_SET set');
  });
});
