/** Small helpers shared by unit tests: build an engine, run commands, find completions. */
import type { DeviceConfigInput } from '../src/domain/config.js';
import { defaultConfig } from '../src/domain/device.js';
import type { Command, TypedAdminCmd } from '../src/domain/commands.js';
import type { Event, EventOf } from '../src/domain/events.js';
import { Engine } from '../src/engine/engine.js';

export function engine(device: DeviceConfigInput = {}, seed = 1): Engine & { log: Event[] } {
  const e = new Engine({ config: defaultConfig(device), seed }) as Engine & { log: Event[] };
  e.log = [];
  e.addObserver({ onEvent: (ev) => void e.log.push(ev) });
  return e;
}

export function run(e: Engine, ...cmds: Command[]): void {
  for (const c of cmds) e.execute(c);
}

export function submit(e: Engine, tag: string, cmd: TypedAdminCmd, extra: { queue?: number; resultBytes?: number } =
    {}): void {
  e.execute({ op: 'aq.submit', tag, cmd, ...extra });
}

export function completion(e: Engine & { log: Event[] }, tag: string): EventOf<'aq/completed'> {
  const sub = e.log.find((x): x is EventOf<'aq/submitted'> => x.type === 'aq/submitted' && x.tag === tag);
  if (!sub) throw new Error(`no submission tagged ${tag}`);
  const c = e.log.find((x): x is EventOf<'aq/completed'> => x.type === 'aq/completed' && x.cid === sub.cid);
  if (!c) throw new Error(`${tag} did not complete`);
  return c;
}

export function ruleIds(e: Engine): string[] {
  return [...new Set(e.violations.map((v) => v.rule))].sort();
}
