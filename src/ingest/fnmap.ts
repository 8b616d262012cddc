/**
 * Which function each device a capture names is (docs/capture-format.md#the-function-map). The
 * default: a device the capture shows to be an SR-IOV PF is `pf`; among PCI addresses, a function 0
 * sharing its bus and device with another named address is `pf` too; every other device is a VF,
 * numbered 1, 2, ... in PCI address order (names that are not addresses after them, in the order
 * the capture first names them). `--map 0000:65:00.1=vf1,...` overrides any entry.
 */
import { InputError } from '../errors.js';

/** Function number by device name: 0 = the PF, n = VF n. */
export type FnMap = Map<string, number>;

const PCI_ADDR = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-1][0-9a-f])\.([0-7])$/i;

export function fnLabel(fn: number): string {
  return fn === 0 ? 'pf' : `vf${fn}`;
}

/** `--map` text: `name=pf|vfN` entries separated by commas. */
export function parseMapOption(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of text.split(',')) {
    const at = entry.lastIndexOf('=');
    const name = entry.slice(0, at).trim();
    const fn = entry.slice(at + 1).trim();
    const m = /^(?:pf|vf([1-9][0-9]{0,4}))$/.exec(fn);
    if (at <= 0 || !name || !m)
      throw new InputError(`--map: ${JSON.stringify(entry)}: expected <device>=pf or <device>=vfN (N 1..65535)`);
    const n = m[1] === undefined ? 0 : Number(m[1]);
    if (n > 65535) throw new InputError(`--map: ${JSON.stringify(entry)}: a VF number 1..65535`);
    if (out.has(name)) throw new InputError(`--map: ${JSON.stringify(name)} is mapped twice`);
    out.set(name, n);
  }
  return out;
}

function addrKey(name: string): number[] | null {
  const m = PCI_ADDR.exec(name);
  return m ? [1, 2, 3, 4].map((i) => parseInt(m[i]!, 16)) : null;
}

function compareAddr(a: number[], b: number[]): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The map for `names` (in the order the capture first names them). `pfs`: names the capture shows
 * to be SR-IOV PFs. Throws an InputError for a `--map` entry naming no device of the capture, two
 * devices on one function, or more than one PF (the twin models one).
 */
export function functionMap(
  names: readonly string[],
  pfs: ReadonlySet<string>,
  user: ReadonlyMap<string, number> = new Map(),
): FnMap {
  for (const name of user.keys()) {
    if (!names.includes(name))
      throw new InputError(
        `--map: ${JSON.stringify(name)} does not appear in the capture (it names: ${names.join(', ') || 'no device'})`,
      );
  }
  const out: FnMap = new Map(user);
  const taken = new Set(user.values());
  const addrs = names.filter((n) => !user.has(n) && addrKey(n)).sort((a, b) => compareAddr(addrKey(a)!, addrKey(b)!));
  const others = names.filter((n) => !user.has(n) && !addrKey(n));
  const isPf = (n: string): boolean => {
    if (pfs.has(n)) return true;
    const k = addrKey(n);
    return (
      k !== null &&
      k[3] === 0 &&
      addrs.some((o) => o !== n && compareAddr(addrKey(o)!.slice(0, 3), k.slice(0, 3)) === 0)
    );
  };
  for (const n of [...addrs, ...others].filter(isPf)) {
    if (taken.has(0))
      throw new InputError(
        `the capture names more than one PF (${n} and another); the twin models one: choose with --map`,
      );
    out.set(n, 0);
    taken.add(0);
  }
  let next = 1;
  for (const n of [...addrs, ...others]) {
    if (out.has(n)) continue;
    while (taken.has(next)) next++;
    out.set(n, next);
    taken.add(next);
  }
  const seen = new Map<number, string>();
  for (const [n, fn] of out) {
    const other = seen.get(fn);
    if (other !== undefined) throw new InputError(`--map: ${other} and ${n} are both ${fnLabel(fn)}`);
    seen.set(fn, n);
  }
  return out;
}

/** The map as the report prints it: device name -> "pf" | "vfN", in function order. */
export function mapReport(map: FnMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, fn] of [...map].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))) out[n] = fnLabel(fn);
  return out;
}
