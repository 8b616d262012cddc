/**
 * README.md is a contract users copy from (README "Scenario format"; README "CLI reference"): its
 * example scenario must pass, its library examples (Library API, Traces) must run as written, its
 * CLI reference must list every vtwin command with exactly the flags it accepts, and the `step`
 * kinds it names must be the ones the loader accepts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { foldReplay } from '../../src/analysis/replay.js';
import { openTraceFile } from '../../src/trace/file.js';
import { WORK_KINDS } from '../../src/scenario/control.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { createProgram } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The text of a `## title` section, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every command and subcommand, by its full name ("fuzz merge"), with its long flags. */
function cliCommands(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (cmd: Command, prefix: string) => {
    for (const sub of cmd.commands) {
      if (sub.name() === 'help') continue;
      const name = `${prefix}${sub.name()}`;
      out.set(name, sub.options.map((o) => o.long!).filter((f) => f !== '--help').sort());
      walk(sub, `${name} `);
    }
  };
  walk(createProgram(captureIo(), () => {}), '');
  return out;
}

describe('README: Scenario format', () => {
  it('its example scenario loads and passes', () => {
    const text = /```json\n([\s\S]*?)```/.exec(section('Scenario format'))![1]!;
    const r = runScenario(parseScenario(text, 'README.json'));
    expect(r.failures.map((f) => f.message)).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it('the `step` row names every work kind the loader accepts, and no other', () => {
    const row = section('Scenario format').split('\n').find((l) => l.startsWith('| `{ "op": "step"'))!;
    const listed = /ready items of `kind` \(([^)]*)\)/.exec(row)![1]!.match(/`[^`]+`/g)!.map((k) => k.slice(1, -1));
    expect(listed.sort()).toEqual(Object.keys(WORK_KINDS).sort());
  });
});

/** "fuzz merge <...>" -> "fuzz merge"; "run <...>" -> "run". */
function commandName(sig: string): string {
  const [first, second] = sig.split(' ');
  return second === 'merge' ? `${first} merge` : first!;
}

describe('README: CLI reference', () => {
  const rows = section('CLI reference')
    .split('\n')
    .map((l) => /^\| `vtwin ([^`]+)`/.exec(l)?.[1])
    .filter((sig): sig is string => sig !== undefined);

  it('has one row per vtwin command and subcommand', () => {
    const documented = rows.map(commandName);
    expect(documented.sort()).toEqual([...cliCommands().keys()].sort());
  });

  it('lists exactly the flags each command accepts', () => {
    const cli = cliCommands();
    for (const sig of rows) {
      const name = commandName(sig);
      const flags = [...new Set(sig.match(/--[a-z][a-z-]*/g) ?? [])].sort();
      expect(flags, `vtwin ${name}`).toEqual(cli.get(name));
    }
  });
});

/**
 * Run a ```ts block of the README as a user would: transpiled, `virtio-twin` resolved to the built
 * package (what `main` in package.json names), in a fresh directory that holds `scenarios/`.
 */
function runBlock(code: string, cwd: string, name: string) {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022 } }).outputText;
  const entry = pathToFileURL(join(process.cwd(), 'dist', 'src', 'index.js')).href;
  const file = join(cwd, `${name}.mjs`);
  writeFileSync(file, js.replaceAll("from 'virtio-twin'", `from ${JSON.stringify(entry)}`));
  return spawnSync('node', [file], { cwd, encoding: 'utf8', timeout: 120_000 });
}

describe('README: the library examples run as written', () => {
  const blocks = (title: string) => [...section(title).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const dir = mkdtempSync(join(tmpdir(), 'vtwin-readme-'));
  symlinkSync(join(process.cwd(), 'scenarios'), join(dir, 'scenarios'));
  const all = [...blocks('Library API').map((b, i) => [`library-${i}`, b] as const),
    ...blocks('Traces').map((b, i) => [`traces-${i}`, b] as const)];

  it('there are examples to run: the twin, errors, scenarios and fuzzing, and a trace', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it.each(all)('%s runs with no error and prints what it says', (name, code) => {
    const r = runBlock(code, dir, name);
    expect(r.stderr, name).toBe('');
    expect(r.status, name).toBe(0);
    expect(r.stdout.length, name).toBeGreaterThan(0);
    // Every `// comment` that promises a printed value is checked where it is exact.
    if (code.includes('CommandError')) {
      expect(r.stdout).toContain('command sriov.enable: numVFs: expected a number, got string\n');
      expect(r.stdout).toMatch(/applied in full\) 2\n$/);
    }
    if (code.includes('mutationScore')) expect(r.stdout).toMatch(/^\d+\/\d+ deviation profiles caught\n$/);
    if (code.includes('recordToFile')) {
      expect(r.stdout).toMatch(/\ntrue\n$/);
      const trace = openTraceFile(join(dir, 'run.vtrace'));
      try {
        expect(foldReplay(trace).events).toBeGreaterThan(0);
      } finally {
        trace.close();
      }
    }
  });
});
