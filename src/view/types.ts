/**
 * The shapes of the viewer's JSON API (./api.ts) and of its state tree (./tree.ts): shared by the
 * server side and the page, so this file imports nothing.
 */
export type TreeNode =
  | { k: 'leaf'; v: string | number | boolean | null; name?: string }
  | { k: 'obj' | 'arr'; size: number; children?: TreeChild[]; more?: number };

export interface TreeChild {
  key: string;
  /** The child's path, as `vtwin state --path` and `vtwin blame` take it. */
  path: string;
  node: TreeNode;
}

export interface ViolationInfo {
  rule: string;
  seq: number;
  actor: string;
  section: string;
  message: string;
}

export interface Meta {
  name: string;
  producer: string;
  profile: string;
  seed: number;
  totalVFs: number;
  adminQueues: number;
  twinVersion: string;
  /** The first event's seq; `firstSeq - 1` is the start state. */
  firstSeq: number;
  lastSeq: number;
  complete: boolean;
  violations: ViolationInfo[];
  violationCount: number;
  /** Whether `violations` lists them all (otherwise use `find`). */
  violationsComplete: boolean;
}

/** One row of the timeline window. `track` places events: 'core', 'q:N', 'fn:N', 'mmio'. */
export type WindowEntry =
  | { kind: 'event'; seq: number; cause: number; type: string; track: string; text: string; fields: object }
  | { kind: 'command'; seq: number; index: number; text: string }
  | ({ kind: 'violation' } & ViolationInfo)
  | { kind: 'settle'; seq: number };

/** An admin command's life within the window (to = null: still outstanding after it). */
export interface Span {
  cid: number;
  q: number;
  label: string;
  from: number;
  to: number | null;
}

export interface WindowResult {
  from: number;
  to: number;
  entries: WindowEntry[];
  spans: Span[];
}

export interface Change {
  path: string;
  text: string;
}

export interface AtResult {
  seq: number;
  /** The event at seq (null for the start state). */
  event: (WindowEntry & { kind: 'event' }) | null;
  /** The command it came from. */
  command: { index: number; seq: number; text: string } | null;
  violations: ViolationInfo[];
  /** The state paths this event changed, each with `before → after`. */
  changed: Change[];
  changedTotal: number;
  tree: TreeNode;
}

export interface BlameView {
  path: string;
  at: number;
  value: string;
  changes: number;
  entries: {
    seq: number;
    text: string;
    change: string;
    command: { text: string; seq: number } | null;
    origin: { text: string; seq: number } | null;
  }[];
}

export type Routes = {
  meta: { req: Record<string, never>; res: Meta };
  window: { req: { from: number; to: number }; res: WindowResult };
  at: { req: { seq: number; open: string[] }; res: AtResult };
  blame: { req: { path: string; at: number }; res: BlameView };
  find: { req: { kind: 'violation' | 'command'; from: number; dir: 1 | -1 }; res: { seq: number | null } };
};
export type Route = keyof Routes;
