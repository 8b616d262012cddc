/**
 * The function map (docs/capture-format.md#the-function-map): by default the PF and VFs in PCI
 * address order; `--map` overrides entries; impossible maps are bad input.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { functionMap, mapReport, parseMapOption } from '../../../src/ingest/fnmap.js';

describe('default function map', () => {
  it('numbers VFs 1, 2, ... in PCI address order, whatever order the capture names them in', () => {
    const m = functionMap(['0000:65:00.3', '0000:65:00.1', '0000:64:01.0'], new Set());
    expect(mapReport(m)).toEqual({ '0000:64:01.0': 'vf1', '0000:65:00.1': 'vf2', '0000:65:00.3': 'vf3' });
  });

  it('takes function 0 sharing its bus and device with another named address as the PF', () => {
    const m = functionMap(['0000:65:00.2', '0000:65:00.0', '0000:65:00.1'], new Set());
    expect(mapReport(m)).toEqual({ '0000:65:00.0': 'pf', '0000:65:00.1': 'vf1', '0000:65:00.2': 'vf2' });
  });

  it('takes a PF the capture shows (SR-IOV lines) as the PF; names that are no address come after addresses', () => {
    const m = functionMap(['virtio-net-pci 00:0', 'VFIO_FD3', '0000:65:00.4'], new Set(['virtio-net-pci 00:0']));
    expect(mapReport(m)).toEqual({ 'virtio-net-pci 00:0': 'pf', '0000:65:00.4': 'vf1', VFIO_FD3: 'vf2' });
  });
});

describe('--map', () => {
  it('overrides entries; the others take the lowest numbers left', () => {
    const m = functionMap(['0000:65:00.1', '0000:65:00.2'], new Set(), parseMapOption('0000:65:00.2=vf1'));
    expect(mapReport(m)).toEqual({ '0000:65:00.2': 'vf1', '0000:65:00.1': 'vf2' });
  });

  it('refuses malformed entries, a device the capture does not name, two PFs and one function twice', () => {
    expect(() => parseMapOption('0000:65:00.1')).toThrow(InputError);
    expect(() => parseMapOption('0000:65:00.1=vf0')).toThrow(/expected <device>=pf or <device>=vfN/);
    expect(() => parseMapOption('a=vf1,a=vf2')).toThrow(/"a" is mapped twice/);
    expect(() => functionMap(['0000:65:00.1'], new Set(), parseMapOption('0000:65:00.9=vf1'))).toThrow(
      /does not appear in the capture/,
    );
    expect(() => functionMap(['a', 'b'], new Set(['a', 'b']))).toThrow(/more than one PF/);
    expect(() => functionMap(['a', 'b'], new Set(), parseMapOption('a=vf2,b=vf2'))).toThrow(/a and b are both vf2/);
  });
});
