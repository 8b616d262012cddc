/**
 * Finding your way in the CLI (README "CLI reference"): unknown commands are usage errors with the
 * closest names, with or without --help; `vtwin ops` and `vtwin opcodes` list the scenario
 * vocabulary from the loader's own schemas.
 */
import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../src/domain/device.js';
import { CONTROL } from '../../src/scenario/control.js';
import { EXPECTATIONS } from '../../src/scenario/expectations.js';
import { OPS } from '../../src/scenario/registry.js';
import { objectKeys } from '../../src/scenario/schema.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

async function vtwin(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('unknown commands are usage errors that say what was meant', () => {
  it.each([
    [['replya', '--help']],
    [['replya']],
    [['help', 'replya']],
  ])('%j exits 2 with "did you mean replay" (with --help it used to print the top-level help and exit 0)',
    async (argv) => {
      const r = await vtwin(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe("vtwin: unknown command 'replya' (did you mean replay?) (run with --help for usage)\n");
    });

  it('an unknown subcommand of fuzz suggests merge', async () => {
    const r = await vtwin('fuzz', 'mrege');
    expect([r.code, r.err]).toEqual(
      [2, "vtwin: unknown command 'fuzz mrege' (did you mean fuzz merge?) (run with --help for usage)\n"]);
  });

  it('a name close to nothing lists the commands instead of guessing', async () => {
    const r = await vtwin('frobnicate', '--help');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vtwin: unknown command 'frobnicate' \(commands: run, main, .*\bops, opcodes\b.*\)/);
  });

  it('known commands still show their help and exit 0', async () => {
    const r = await vtwin('help', 'replay');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: vtwin replay/);
    expect((await vtwin('replay', '--help')).code).toBe(0);
  });
});

describe('vtwin ops', () => {
  it('--json lists every command, control step and expectation with exactly the fields the loader accepts',
    async () => {
      const r = await vtwin('ops', '--json');
      expect(r.code).toBe(0);
      const { steps } = JSON.parse(r.out) as { steps: { kind: string; name: string; doc: string;
        fields: { name: string; type: string; required: boolean; default?: unknown }[] }[] };
      const registries = { command: OPS, control: CONTROL, expectation: EXPECTATIONS } as const;
      for (const [kind, registry] of Object.entries(registries)) {
        const listed = steps.filter((s) => s.kind === kind);
        expect(listed.map((s) => s.name).sort(), kind).toEqual(Object.keys(registry).sort());
        for (const s of listed) {
          const schema = (registry as Record<string, { schema: Parameters<typeof objectKeys>[0] }>)[s.name]!.schema;
          const keys = objectKeys(schema)!.filter((k) => k !== 'op' && k !== 'expect');
          expect(s.fields.map((f) => f.name), s.name).toEqual(keys);
          expect(s.doc.length, s.name).toBeGreaterThan(0);
        }
      }
      const enable = steps.find((s) => s.name === 'sriov.enable')!;
      expect(enable.fields).toEqual([{ name: 'numVFs', type: 'integer 0..65535', required: true }]);
      const step = steps.find((s) => s.name === 'step')!;
      expect(step.fields[0]).toEqual({ name: 'count', type: 'integer 1..1000000', required: false, default: 1 });
      const refused = steps.find((s) => s.name === 'refused')!;
      expect(refused.fields[0]!.type).toContain('"ERANGE"');
    });

  it('prints one signature line and one description line per step', async () => {
    const r = await vtwin('ops');
    expect(r.code).toBe(0);
    expect(r.out).toContain('  sriov.enable  { numVFs: integer 0..65535 }\n      PF driver writes sriov_numvfs');
    expect(r.out).toContain('  settle  { maxSteps?: integer 1..10000000 }\n');
    expect(r.out).toContain('  state  { path: string, equals: any JSON value }\n');
  });
});

describe('vtwin opcodes', () => {
  it('--json lists every admin opcode of the device with its typed parameters and their defaults', async () => {
    const r = await vtwin('opcodes', '--json');
    expect(r.code).toBe(0);
    const { opcodes } = JSON.parse(r.out) as { opcodes: { opcode: number; name: string; groups: string[];
      section: string; extension: string | null; params: { name: string; default?: unknown }[] }[] };
    expect(opcodes.map((o) => o.name)).toEqual(OPCODES.handlers.map((h) => h.name));
    const read = opcodes.find((o) => o.name === 'LEGACY_DEV_CFG_READ')!;
    expect([read.opcode, read.groups, read.extension]).toEqual([5, ['SRIOV'], null]);
    expect(read.params).toEqual([
      { name: 'offset', type: 'integer 0..255', required: false, default: 0 },
      { name: 'size', type: 'integer 0..255', required: false, default: 4 },
    ]);
    const use = opcodes.find((o) => o.name === 'LIST_USE')!;
    expect(use.params.map((p) => p.name)).toEqual(['opcodes']);
    expect(opcodes.find((o) => o.name === 'EXT_NET_ADMIN_CTRL')!.extension).not.toBeNull();
  });

  it('prints number, name, groups, parameters and the section cited', async () => {
    const r = await vtwin('opcodes');
    expect(r.code).toBe(0);
    expect(r.out).toContain('0x0005 LEGACY_DEV_CFG_READ  [SRIOV]\n      { offset?: integer 0..255 = 0, ' +
      'size?: integer 0..255 = 4 }\n      cites: virtio 1.4 §');
  });
});
