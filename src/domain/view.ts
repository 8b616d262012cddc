/**
 * The state as users read it: state paths (`vtwin state --path`, `vtwin blame`, scenario `state`
 * expectations), `vtwin state` output and state diffs. It is the state itself except that the
 * in-flight admin commands are a map from cid (`aq.commands.12` is cid 12), whatever the
 * working layout (./adminq/inflight.ts).
 */
import { commandsByCid } from './adminq/inflight.js';
import type { AqCommand } from './adminq/types.js';
import type { TwinState } from './state.js';

export type StateView = Omit<TwinState, 'aq'> & { aq: Omit<TwinState['aq'], 'commands'> & {
  commands: Record<number, AqCommand> } };

/** A shallow view: nothing is copied but the command map. */
export function stateView(s: Readonly<TwinState>): StateView {
  const commands = s.aq.commands as unknown;
  if (!Array.isArray(commands)) return s as unknown as StateView;
  return { ...s, aq: { ...s.aq, commands: commandsByCid(commands as AqCommand[]) } };
}
