/**
 * The repository stands alone: every citation in src/, tools/, test/, scenarios/, README.md and
 * docs/ — and every rule's and admin opcode's `section` — points at a virtio 1.4 section listed in
 * docs/spec-notes.md, an existing docs/ anchor or README heading, never at a document a user of
 * this repository cannot open (docs/spec-notes.md#how-the-code-cites-the-specification).
 */
import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../../src/domain/device.js';
import { PROFILES } from '../../../src/domain/profiles.js';
import { ALL_RULES, ruleInfo } from '../../../src/rules/index.js';
import { CAPTURE_RULES } from '../../../src/rules/capture.js';
import {
  anchors,
  citingFiles,
  docRefProblem,
  externalNames,
  flatten,
  linkProblems,
  refProblems,
  repoReader,
  sectionProblems,
  slug,
  specCiteProblems,
  specIndex,
  type Reader,
} from './citations.js';

const index = specIndex(repoReader('docs/spec-notes.md') ?? '');

/** Problems per file, as "file: problem" lines (empty = clean). */
function scan(check: (path: string, text: string) => string[]): string[] {
  const out: string[] = [];
  for (const path of citingFiles()) {
    const text = repoReader(path)!;
    for (const p of check(path, text)) out.push(`${path}: ${p}`);
  }
  return out;
}

describe('the citation checker rejects what it must (so the repository-wide checks can fail)', () => {
  it('names every kind of outside document', () => {
    expect(externalNames('Linux does it (real-systems.md §4)')).toEqual(['real-systems.md']);
    expect(externalNames('PCI MSI-X (virtio-reference.md §3)')).toEqual(['virtio-reference.md']);
    expect(externalNames('the scenario contract (DESIGN §5)')).toHaveLength(1);
    expect(externalNames('see STYLE.md')).toHaveLength(1);
    expect(externalNames('Spec defect 3: LIST commands')).toHaveLength(1);
    expect(externalNames('notes in ../shared/spec')).toHaveLength(1);
    expect(externalNames("Kevin Tian's flow (seed 'Virtualizing MSI-X on IMS via VFIO')")).toHaveLength(1);
    expect(externalNames("the seed's barrier")).toHaveLength(1);
    expect(externalNames('seed virtio-net-admin-cvq.txt')).toHaveLength(1);
    expect(externalNames('run i of campaign seed S has seed mix(S, i); the run\'s seed picks it')).toEqual([]);
    expect(externalNames('docs/linux-qemu-vfio.md#pf-reset-with-commands-in-flight')).toEqual([]);
  });

  it('computes GitHub heading anchors', () => {
    expect(slug('A3. LIST_QUERY and LIST_USE while VF Enable is 0')).toBe(
      'a3-list_query-and-list_use-while-vf-enable-is-0');
    expect(slug("Growing a guest's vectors")).toBe('growing-a-guests-vectors');
    expect(slug('VF MSI-X count (sriov_vf_msix_count)')).toBe('vf-msi-x-count-sriov_vf_msix_count');
    expect(slug('The `section` of a rule')).toBe('the-section-of-a-rule');
    expect([...anchors('# T\n## Ops\n```\n## not a heading\n```\n## Ops\n')]).toEqual(['t', 'ops', 'ops-1']);
  });

  const fake: Reader = (path) => (path === 'docs/x.md' ? '# X\n## Real anchor\n' : path === 'README.md'
    ? '## Traces\n' : null);

  it('refuses a missing docs file, a missing anchor and a missing README heading', () => {
    expect(docRefProblem('docs/x.md', 'real-anchor', fake)).toBeNull();
    expect(docRefProblem('docs/x.md', 'no-such-anchor', fake)).toMatch(/no heading with anchor #no-such-anchor/);
    expect(docRefProblem('docs/y.md', undefined, fake)).toMatch(/does not exist/);
    expect(refProblems('see docs/x.md#real-anchor and README "Traces"', fake)).toEqual([]);
    expect(refProblems('see README "Tracing"', fake)).toEqual(['README has no heading "Tracing"']);
    expect(refProblems('see README.md#traces and README.md#nope', fake)).toEqual(
      ['README has no heading with anchor #nope']);
    const links = '[a](x.md#real-anchor) [b](x.md#gone) [c](https://example.org)';
    expect(linkProblems(links, 'docs', 'docs/z.md', fake)).toEqual([
      'link to x.md#gone: no heading with anchor #gone in docs/x.md',
    ]);
  });

  it('refuses spec citations whose number is not indexed or whose title does not match', () => {
    const idx = new Map([['2.13', 'Administration Virtqueues']]);
    expect(specCiteProblems('virtio 1.4 §2.13 Administration Virtqueues / Device Requirements', idx)).toEqual([]);
    expect(specCiteProblems('virtio 1.4 §9.9 Nowhere', idx)).toEqual(
      ['§9.9 is not in the section index of docs/spec-notes.md']);
    expect(specCiteProblems('virtio 1.4 §2.13 Device groups', idx)[0]).toMatch(/is "Administration Virtqueues"/);
    // A citation wrapped in code, in a string split over two lines, is read whole, and still checked.
    const split = (title: string) => flatten('r.ts', `section: 'virtio 1.4 §2.13 Administration ' +\n    '${title}',`);
    expect(specCiteProblems(split('Virtqueues / Device Requirements'), idx)).toEqual([]);
    expect(specCiteProblems(split('Queues'), idx)).toHaveLength(1);
  });

  it('refuses rule sections in any other form', () => {
    const idx = new Map([['2.13', 'Administration Virtqueues']]);
    expect(sectionProblems(
      'virtio 1.4 §2.13 Administration Virtqueues / Device Requirements; docs/x.md#real-anchor — FIFO', idx,
      fake)).toEqual([]);
    expect(sectionProblems('Administration Virtqueues (device normative)', idx, fake)).toHaveLength(1);
    expect(sectionProblems('PCI MSI-X: mask bits (virtio-reference.md §3)', idx, fake).join(' ')).toMatch(
      /virtio-reference\.md/);
    expect(sectionProblems('virtio 1.4 §2.13 Administration VirtqueuesX', idx, fake)).toHaveLength(1);
    expect(sectionProblems('docs/x.md#gone — a sentence', idx, fake)).toHaveLength(1);
    expect(sectionProblems('docs/x.md', idx, fake)).toHaveLength(1);
  });
});

describe('the repository cites only what a user can open', () => {
  it('indexes the spec sections it cites in docs/spec-notes.md', () => {
    expect(index.size).toBeGreaterThanOrEqual(15);
    expect(index.get('2.13')).toBe('Administration Virtqueues');
  });

  it('no file in src/, tools/, test/, scenarios/, README.md or docs/ names a document outside the repository', () => {
    const files = citingFiles();
    expect(files).toContain('README.md');
    expect(files.some((f) => f.startsWith('src/rules/'))).toBe(true);
    expect(scan((_path, text) => externalNames(text))).toEqual([]);
  });

  it('every docs/<file>.md#<anchor> and README "<heading>" reference resolves', () => {
    expect(scan((path, text) => refProblems(flatten(path, text), repoReader))).toEqual([]);
  });

  it('every virtio 1.4 section citation is an indexed number with its title', () => {
    expect(scan((path, text) => specCiteProblems(flatten(path, text), index))).toEqual([]);
  });

  it('every relative link in README.md and docs/ reaches an existing file and heading', () => {
    const md = citingFiles().filter((f) => f.endsWith('.md'));
    expect(md.filter((f) => f.startsWith('docs/')).length).toBeGreaterThanOrEqual(4);
    const problems = md.flatMap((f) => linkProblems(repoReader(f)!, f.includes('/')
      ? f.slice(0, f.lastIndexOf('/')) : '.', f, repoReader).map((p) => `${f}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('README links every page of docs/', () => {
    const readme = repoReader('README.md')!;
    for (const f of citingFiles().filter((p) => p.startsWith('docs/'))) expect(readme, f).toContain(`](${f})`);
  });
});

describe('rule and opcode sections are in the one accepted format and resolve', () => {
  it.each([...ALL_RULES, ...CAPTURE_RULES].map(ruleInfo).map((r) => [r.id, r.section] as const))('rule %s',
      (_id, section) => {
    expect(sectionProblems(section, index, repoReader)).toEqual([]);
  });

  it.each(OPCODES.handlers.map((h) => [h.name, h.section] as const))('opcode %s', (_name, section) => {
    expect(sectionProblems(section, index, repoReader)).toEqual([]);
  });

  it('profile descriptions name no outside document and their references resolve', () => {
    for (const p of PROFILES) {
      expect(externalNames(p.description), p.name).toEqual([]);
      expect(refProblems(p.description, repoReader), p.name).toEqual([]);
    }
  });
});
