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

export function met(f: Figure): string {
  if (!f.target) return '';
  const ok = f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
  return `${ok ? 'met' : 'NOT met'} (target ${f.target.op} ${f.target.value})`;
}
