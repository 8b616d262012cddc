import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/domain/device.js';
import { hostLoss, isPassthroughDriver } from '../../../../src/domain/host/passthrough.js';
import { initialFn } from '../../../../src/domain/state.js';

describe('host side of a VF', () => {
  it('vfio drivers make a VF a guest\'s; host drivers do not', () => {
    expect(isPassthroughDriver('vfio-pci')).toBe(true);
    expect(isPassthroughDriver('virtio-vfio-pci')).toBe(true);
    expect(isPassthroughDriver('virtio-pci')).toBe(false);
    expect(isPassthroughDriver(null)).toBe(false);
  });

  it('a message finds no handler without request_irq, and none at all in a resize window', () => {
    const f = initialFn(defaultConfig(), 1);
    expect(hostLoss(f, 0)).toBeNull();
    f.driver = 'vfio-pci';
    expect(hostLoss(f, 0)).toBe('no-handler');
    f.host.req = [1];
    expect(hostLoss(f, 0)).toBeNull();
    f.host.resize = { vector: 1, size: 2, tag: '' };
    expect(hostLoss(f, 0)).toBe('resize-window');
    expect(hostLoss(f, 0, true)).toBeNull();
  });
});
