/** The state tree panel: opened containers listed, changed paths highlighted, click to blame. */
import type { TreeNode } from '../types.js';
import { h } from './dom.js';

export interface TreeHooks {
  /** Containers the user closed although the server listed them (they hold a changed path). */
  closed: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  /** Ancestors of changed paths. */
  changedIn: ReadonlySet<string>;
  toggle(path: string, open: boolean): void;
  blame(path: string): void;
}

/** Every ancestor of a path text: `aq.queues[0].busy` → aq, aq.queues, aq.queues[0]. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < path.length; i++) if (path[i] === '.' || path[i] === '[') out.push(path.slice(0, i));
  return out;
}

function leafText(n: TreeNode & { k: 'leaf' }): string {
  const v = typeof n.v === 'string' && n.v.length > 80 ? `${n.v.slice(0, 77)}…` : n.v;
  return JSON.stringify(v);
}

function summary(n: TreeNode): string {
  if (n.k === 'leaf') return leafText(n);
  const s = n.size === 1 ? '' : 's';
  return n.k === 'arr' ? `[…] ${n.size} item${s}` : `{…} ${n.size} key${s}`;
}

function item(key: string, path: string, n: TreeNode, hooks: TreeHooks): HTMLLIElement {
  const expanded = n.k !== 'leaf' && n.children !== undefined && !hooks.closed.has(path);
  const cls = hooks.changed.has(path) ? 'changed' : hooks.changedIn.has(path) ? 'changed-in' : undefined;
  const li = h('li', { 'data-path': path, class: cls });
  const toggle = h('span', { class: 'toggle' }, n.k === 'leaf' ? '' : expanded ? '▾' : '▸');
  if (n.k !== 'leaf') toggle.addEventListener('click', () => hooks.toggle(path, !expanded));
  const keyEl = h('span', { class: 'key' }, key);
  const val = h('span', { class: 'val', 'data-value': path }, expanded ? '' : summary(n));
  keyEl.addEventListener('click', () => hooks.blame(path));
  val.addEventListener('click', () => hooks.blame(path));
  const name = n.k === 'leaf' && n.name !== undefined ? h('span', { class: 'code' }, ` ${n.name}`) : null;
  li.append(h('div', { class: 'row' }, toggle, keyEl, ': ', val, name));
  if (expanded) li.append(list(n, hooks));
  return li;
}

function list(n: TreeNode, hooks: TreeHooks): HTMLUListElement {
  const ul = h('ul');
  if (n.k === 'leaf') return ul;
  for (const c of n.children ?? []) ul.append(item(c.key, c.path, c.node, hooks));
  if (n.more) ul.append(h('li', { class: 'dim' }, `… ${n.more} more not listed (their changes are)`));
  return ul;
}

export function renderTree(el: HTMLElement, tree: TreeNode, hooks: TreeHooks): void {
  el.replaceChildren(list(tree, hooks));
}
