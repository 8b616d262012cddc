/** Virtual time: the only clock the twin has. It refuses to go backwards. */
export interface Clock {
  now(): number;
  advance(ticks: number): void;
}

export function virtualClock(start = 0): Clock {
  let t = start;
  return {
    now: () => t,
    advance: (ticks) => {
      if (!(ticks >= 0)) throw new RangeError(`virtual clock cannot go backwards (advance ${ticks})`);
      t += ticks;
    },
  };
}
