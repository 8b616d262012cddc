/**
 * The citation checker behind citations.test.ts: the repository must stand alone, so every
 * citation in code, tests, scenarios, README and docs/ must point at something a user can open —
 * a virtio 1.4 section listed in docs/spec-notes.md, an anchor in docs/, or a README heading —
 * and never at the developers' private notes. Pure functions over text plus a small file reader,
 * so the test can feed it bad strings and see it fail.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Documents outside the repository, by the patterns that name them. */
const EXTERNAL: readonly (readonly [RegExp, string])[] = [
  [/real-systems\.md/, 'real-systems.md'],
  [/virtio-reference\.md/, 'virtio-reference.md'],
  [/\bDESIGN\b/, 'DESIGN (private design notes)'],
  [/\bSTYLE(?:\.md)?\b/, 'STYLE.md'],
  [/spec defect \d/i, '"spec defect N" (private numbering)'],
  [/(?:\.\.\/|\/work\/)shared\b/, '../shared (private notes)'],
  [/\b(?:legacy-registers-via-aq|msix-provisioning-for-vfs|vfio-ims-msix|virtio-mmio-msi|virtio-net-admin-cvq)\.txt\b/,
    'a private seed file'],
  [/\bseeds?\/|\bseed ["']|\bthe seed(?:'s|s'|:)|\bseeds argue/i, 'the private seed documents'],
];

/** The external documents a text names (empty when it names none). */
export function externalNames(text: string): string[] {
  return EXTERNAL.filter(([re]) => re.test(text)).map(([, name]) => name);
}

/** GitHub's heading anchor: inline markup dropped, lower case, punctuation removed, spaces to '-'. */
export function slug(heading: string): string {
  const text = heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1');
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Heading texts of a markdown document, outside code fences. */
export function headings(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6} (.+?)\s*#*$/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** The anchors GitHub gives a document's headings (repeats get -1, -2, ...). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(markdown)) {
    const base = slug(h);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Reads repository files (relative paths); a missing file reads as null. */
export type Reader = (path: string) => string | null;

export const repoReader: Reader = (path) => {
  const full = join(ROOT, path);
  return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : null;
};

/** `docs/<file>.md#<anchor>` (or without anchor): the file must exist and have the anchor. */
export function docRefProblem(file: string, anchor: string | undefined, read: Reader): string | null {
  const text = read(file);
  if (text === null) return `${file} does not exist`;
  if (anchor !== undefined && !anchors(text).has(anchor)) return `${file} has no heading with anchor #${anchor}`;
  return null;
}

const DOC_REF = /\bdocs\/([\w.-]+\.md)(?:#([\w-]+))?/g;
const README_TITLE = /\bREADME "([^"]+)"/g;
const README_ANCHOR = /\bREADME\.md#([\w-]+)/g;

/** Problems with the docs/ and README references in a text. */
export function refProblems(text: string, read: Reader): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(DOC_REF)) {
    const p = docRefProblem(`docs/${m[1]}`, m[2], read);
    if (p) out.push(p);
  }
  const readme = read('README.md') ?? '';
  const titles = new Set(headings(readme));
  for (const m of text.matchAll(README_TITLE)) if (!titles.has(m[1]!)) out.push(`README has no heading "${m[1]}"`);
  for (const m of text.matchAll(README_ANCHOR)) if (!anchors(readme).has(m[1]!)) out.push(
    `README has no heading with anchor #${m[1]}`);
  return out;
}

/** Relative markdown links (`[x](file.md#anchor)`, `[x](#anchor)`) of a document in `dir`. */
export function linkProblems(markdown: string, dir: string, self: string, read: Reader): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]*)\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/.test(target)) continue;
    const [file, anchor] = target.split('#') as [string, string | undefined];
    const path = file === '' ? self : join(dir, file).replace(/\\/g, '/');
    const text = read(path);
    if (text === null) {
      if (!existsSync(join(ROOT, path))) out.push(`link to ${target}: ${path} does not exist`);
      continue;
    }
    if (anchor !== undefined && !anchors(text).has(anchor)) out.push(
      `link to ${target}: no heading with anchor #${anchor} in ${path}`);
  }
  return out;
}

/** The spec sections docs/spec-notes.md indexes, as `§<number> <Title>`. */
export function specIndex(specNotes: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const m of specNotes.matchAll(/^\| `virtio 1\.4 §([\d.]+) ([^`]+)` \|/gm)) index.set(m[1]!, m[2]!);
  return index;
}

/** A `§<number> <Title>` citation at the start of `text` must be an indexed number with its title. */
export function specCiteProblem(number: string, rest: string, index: Map<string, string>): string | null {
  const title = index.get(number);
  if (title === undefined) return `§${number} is not in the section index of docs/spec-notes.md`;
  if (!rest.startsWith(
    title)) return `§${number} is "${title}" in docs/spec-notes.md, cited as "${rest.slice(0, title.length + 10)}"`;
  return null;
}

/** Every `virtio 1.4 §N Title` (and bare `§N.N Title`) in a text, checked against the index. */
export function specCiteProblems(text: string, index: Map<string, string>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/§(\d+(?:\.\d+)*) /g)) {
    const p = specCiteProblem(m[1]!, text.slice(m.index! + m[0].length), index);
    if (p) out.push(p);
  }
  return out;
}

const VIRTIO_REF = /^virtio 1\.4 §(\d+(?:\.\d+)*) (.+)$/;
const DOC_ONLY = /^docs\/([\w-]+\.md)#([\w-]+)$/;

/**
 * A rule's or opcode's `section`: references joined by "; ", each `virtio 1.4 §<number> <Title>`
 * (optionally ` / <part>`) or `docs/<file>.md#<anchor>`, then optionally " — " and a sentence.
 */
export function sectionProblems(section: string, index: Map<string, string>, read: Reader): string[] {
  const out = externalNames(section).map((n) => `names ${n}`);
  const dash = section.indexOf(' — ');
  const refs = (dash < 0 ? section : section.slice(0, dash)).split('; ');
  for (const ref of refs) {
    const v = VIRTIO_REF.exec(ref);
    const d = DOC_ONLY.exec(ref);
    if (v) {
      const p = specCiteProblem(v[1]!, v[2]!, index);
      if (p) out.push(p);
      else if (v[2] !== index.get(v[1]!) && !v[2]!.startsWith(`${index.get(v[1]!)} / `)) out.push(
        `"${ref}": a part of a section follows its title after " / "`);
    } else if (d) {
      const p = docRefProblem(`docs/${d[1]}`, d[2], read);
      if (p) out.push(p);
    } else {
      out.push(`"${ref}" is neither "virtio 1.4 §<number> <Title>" nor "docs/<file>.md#<anchor>"`);
    }
  }
  return out;
}

/**
 * A file's text with line breaks (and, in code, comment continuations) turned into spaces, so a
 * citation wrapped over lines reads whole.
 */
export function flatten(path: string, text: string): string {
  // In code, a comment continued on the next line, and a string literal split as 'a ' +\n 'b', read as one.
  const code = /\.[jt]s$/.test(path)
    ? text.replace(/(['"`]) \+\n[ \t]*\1/g, '').replace(/\n[ \t]*(?:\*(?!\/)|\/\/)[ \t]?/g, ' ')
    : text;
  return code.replace(/[ \t]*\n[ \t]*/g, ' ');
}

/** Files under `dir` (relative to the root) whose names end with one of `exts`. */
export function filesUnder(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d)).sort()) {
      const rel = `${d}/${name}`;
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (exts.some((e) => name.endsWith(e))) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** The files whose citations are checked: code, tests, scenarios, README and docs/. */
export function citingFiles(): string[] {
  const self = relative(ROOT, dirname(new URL(import.meta.url).pathname)).replace(/\\/g, '/');
  return [
    ...filesUnder('src', ['.ts']),
    ...filesUnder('tools', ['.ts', '.js']),
    ...filesUnder('test', ['.ts']).filter((f) => !f.startsWith(`${self}/`)),
    ...filesUnder('scenarios', ['.json', '.yaml', '.yml']),
    'README.md',
    ...filesUnder('docs', ['.md']),
  ];
}
