/** Small recorded runs shared by the analysis tests (timeline, blame, export, viewer). */
import type { Engine } from '../../../src/engine/engine.js';

/**
 * LIST_USE (dropping LIST_USE itself) while another command is in flight (a driver rule), then
 * commands to VFs 2 and 3.
 */
export function misbehave(e: Engine): void {
  e.execute({ op: 'sriov.enable', numVFs: 4 });
  e.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
  e.execute({ op: 'aq.submit', tag: 'use', cmd: { opcode: 'LIST_USE', opcodes: [0] } });
  e.settle();
  e.execute({ op: 'aq.submit', tag: 'vf2', cmd: { opcode: 'LIST_QUERY', member: 2 } });
  e.execute({ op: 'aq.submit', tag: 'vf3', cmd: { opcode: 'LIST_QUERY', member: 3 } });
  e.settle();
}

/**
 * The stall-across-disable race (record with `device: { profile: 'stall-across-disable' }`): a
 * command queued before an SR-IOV disable that the device never processes; liveness names it.
 */
export function stall(e: Engine): void {
  e.execute({ op: 'sriov.enable', numVFs: 2 });
  e.execute({ op: 'aq.submit', tag: 'stuck', cmd: { opcode: 'LIST_QUERY' } });
  e.execute({ op: 'sriov.disable' });
  e.settle();
}

/**
 * A VF destroyed and re-created while a command to it is queued (memberIncarnation "apply"): the
 * driver rule fires and VF 2 has two incarnations.
 */
export function recreate(e: Engine): void {
  e.execute({ op: 'sriov.enable', numVFs: 4 });
  e.execute({ op: 'aq.submit', tag: 'w1', cmd: { opcode: 'LIST_QUERY', member: 2 } });
  e.execute({ op: 'sriov.disable' });
  e.execute({ op: 'sriov.enable', numVFs: 4 });
  e.settle();
}
