import { describe, expect, it } from 'vitest';
import { builtCmd, encodeTyped } from '../../../src/domain/adminq/encode.js';
import type { TypedAdminCmd } from '../../../src/domain/commands.js';
import { OPCODES, defaultConfig } from '../../../src/domain/device.js';
import { CommandError } from '../../../src/errors.js';
import { fuzzRun } from '../../../src/fuzz/run.js';
import { validateCommand } from '../../../src/scenario/command.js';

/** The parameters encodeTyped hands a handler's schema: every key but the common ones. */
function paramsOf(cmd: TypedAdminCmd): Record<string, unknown> {
  const { opcode: _o, group: _g, member: _m, ...params } = cmd;
  return params;
}

describe('typed admin commands the fuzzer builds skip the parameter check, nothing else', () => {
  it('every typed command of 400 runs passes its handler\'s parameter schema unchanged, and encodes to the same ' +
      'bytes as an unmarked copy', () => {
    const byOpcode = new Map<string, number>();
    for (let seed = 0; seed < 400; seed++) {
      const r = fuzzRun({ seed, profile: 'spec', actions: 50, strategy: seed % 2 ? 'pct' : 'swarm' });
      for (const c of r.commands) {
        if (c.op !== 'aq.submit' || !c.cmd) continue;
        const handler = OPCODES.handlerByName(String(c.cmd.opcode))!;
        byOpcode.set(handler.name, (byOpcode.get(handler.name) ?? 0) + 1);
        if (handler.params) {
          const parsed = handler.params.safeParse(paramsOf(c.cmd));
          expect(parsed.success).toBe(true);
          expect(parsed.data).toStrictEqual(paramsOf(c.cmd));
        }
        const copy = { ...c.cmd }; // a fresh object: not marked, so checked
        expect(encodeTyped(OPCODES, c.cmd, c.resultBytes, r.config))
          .toStrictEqual(encodeTyped(OPCODES, copy, c.resultBytes, r.config));
      }
    }
    for (const name of ['LIST_USE', 'VTWIN_EXT_VF_MSIX_SET', 'EXT_NET_ADMIN_CTRL']) {
      expect(byOpcode.get(name) ?? 0).toBeGreaterThan(20);
    }
  });

  it('an unmarked command with bad parameters is still refused by name', () => {
    const bad: TypedAdminCmd = { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: -1 };
    expect(() => encodeTyped(OPCODES, bad)).toThrow(/count/);
  });

  it('a command given to the twin from outside is checked even if a generator marked it (scenario validation parses ' +
      'a copy)', () => {
    const marked = builtCmd({ opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: -1 });
    expect(() => validateCommand({ op: 'aq.submit', cmd: marked }, defaultConfig())).toThrow(CommandError);
    expect(() => validateCommand({ op: 'aq.submit', cmd: marked }, defaultConfig())).toThrow(/cmd\.count/);
  });
});
