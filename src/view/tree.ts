/**
 * The state tree the viewer shows: only the containers the user opened (and those on the way to
 * what the current event changed) are listed, so a device with thousands of VFs costs what is on
 * screen. Codes (statuses, opcodes, ...) carry their spec name.
 */
import { stateCodeKind, codeName } from '../analysis/names.js';
import type { DeviceConfig } from '../domain/config.js';
import { formatPath, parsePath, type PathKey } from '../analysis/path.js';
import type { TreeChild, TreeNode } from './types.js';

export type { TreeChild, TreeNode } from './types.js';

/** Children listed per container before "… N more" (opened and changed ones are always listed). */
export const MAX_CHILDREN = 200;

/** Every path in `paths` and each of its ancestors, as path texts. */
export function withAncestors(paths: Iterable<string>): Set<string> {
  const out = new Set<string>(['']);
  for (const p of paths) {
    let keys: PathKey[];
    try {
      keys = parsePath(p);
    } catch {
      continue;
    }
    for (let i = 1; i <= keys.length; i++) out.add(formatPath(keys.slice(0, i)));
  }
  return out;
}

/**
 * The tree of `root` with the containers in `open` (path texts; '' = the root) listed; `config`
 * (the recorded device) numbers the opcodes it names.
 */
export function buildTree(root: unknown, open: ReadonlySet<string>, config?: DeviceConfig): TreeNode {
  return node(root, [], '', open, config);
}

function node(v: unknown, path: PathKey[], text: string, open: ReadonlySet<string>,
  config: DeviceConfig | undefined): TreeNode {
  if (v === null || typeof v !== 'object') {
    const leaf: TreeNode = { k: 'leaf', v: v === undefined ? null : (v as string | number | boolean) };
    const kind = stateCodeKind(path);
    if (kind !== undefined && typeof v === 'number') leaf.name = codeName(kind, v, config);
    return leaf;
  }
  const arr = Array.isArray(v);
  const keys: PathKey[] = arr ? (v as unknown[]).map((_, i) => i) : Object.keys(v);
  const out: TreeNode = { k: arr ? 'arr' : 'obj', size: keys.length };
  if (!open.has(text)) return out;
  const children: TreeChild[] = [];
  let more = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const p = [...path, key];
    const t = formatPath(p);
    if (i >= MAX_CHILDREN && !open.has(t)) {
      more++;
      continue;
    }
    const child = (v as Record<string, unknown>)[String(key)];
    children.push({ key: String(key), path: t, node: node(child, p, t, open, config) });
  }
  out.children = children;
  if (more > 0) out.more = more;
  return out;
}
