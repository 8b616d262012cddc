/**
 * The benchmark harness: a list of sections, each measuring one thing and reporting figures.
 * Add a section (e.g. "interrupt-heavy", "legacy-heavy", "fuzz runs/s") as a file in
 * tools/bench/sections/ and list it in sections/index.ts. Sections share a scratch directory and
 * report through `ctx.figure`, so `npm run bench` prints one table from one run.
 */
export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. ">= 0.6"; printed next to the value with whether it is met. */
  target?: { op: '>=' | '<='; value: number };
  note?: string;
}

export interface BenchContext {
  /** A scratch directory, removed at the end. */
  tmp: string;
  /** A directory kept between runs (.vtwin-tmp/bench), for inputs that are slow to make. */
  cache: string;
  /** Smaller sizes (VTWIN_BENCH_QUICK=1), for a smoke run. */
  quick: boolean;
  figure(f: Omit<Figure, 'section'>): void;
  log(line: string): void;
}

export interface BenchSection {
  name: string;
  description: string;
  run(ctx: BenchContext): void | Promise<void>;
}

/** Seconds for `f`, best of `reps` (each after a full GC when --expose-gc is on). */
export function timeBest(reps: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    gc();
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Whether a figure meets its target; null when it has none. */
export function isMet(f: Figure): boolean | null {
  if (!f.target) return null;
  return f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
}

export function met(f: Figure): string {
  const ok = isMet(f);
  if (ok === null) return '';
  return `${ok ? 'met' : 'NOT met'} (target ${f.target!.op} ${f.target!.value})`;
}

/** One line of `npm run bench -- --json`. */
export function figureJson(f: Figure): string {
  return JSON.stringify({ section: f.section, name: f.name.trim(), value: f.value, unit: f.unit,
    target: f.target ? `${f.target.op} ${f.target.value}` : null, met: isMet(f) });
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
