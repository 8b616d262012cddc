/**
 * The state as users read it: state paths (`vtwin state --path`, `vtwin blame`, scenario `state`
 * expectations), `vtwin state` output and state diffs. It is the state itself except for two
 * tables kept in a working layout for speed, shown as the maps they stand for: the in-flight admin
 * commands are a map from cid (`aq.commands.12` is cid 12, ./adminq/inflight.ts), and the mapper's
 * busy VFs a map from VF with, beside it, `byCid`, the map from the cid of each of its commands in
 * flight to the VF (`mapper.vfs.5`, `mapper.byCid.12`, ./mapper/table.ts).
 */
import { commandsByCid } from './adminq/inflight.js';
import type { AqCommand } from './adminq/types.js';
import { mapperView, type MapperView } from './mapper/table.js';
import type { TwinState } from './state.js';

export type StateView = Omit<TwinState, 'aq' | 'mapper'> & {
  aq: Omit<TwinState['aq'], 'commands'> & { commands: Record<number, AqCommand> };
  mapper: MapperView;
};

/** A shallow view: nothing is copied but the command map and the mapper's maps. */
export function stateView(s: Readonly<TwinState>): StateView {
  const commands = s.aq.commands as unknown;
  const aqList = Array.isArray(commands);
  const mapperList = Array.isArray(s.mapper.vfs);
  if (!aqList && !mapperList) return s as unknown as StateView;
  const out = { ...s } as unknown as StateView;
  if (aqList) out.aq = { ...s.aq, commands: commandsByCid(commands as AqCommand[]) };
  if (mapperList) out.mapper = mapperView(s.mapper);
  return out;
}
