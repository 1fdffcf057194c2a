import { isShortOfDeliveries } from './short-deliveries';

describe('isShortOfDeliveries', () => {
  it('flags a step whose members missed messages, not one whose window cut a few in flight', () => {
    // The cluster bench's spread mode with the peers' subscription race: every step read 0.78.
    expect(isShortOfDeliveries({ deliveryRatio: 0.779, ackedPerSec: 8965 })).toBe(true);
    // A saturated open-loop step: the window ends with deliveries in flight.
    expect(isShortOfDeliveries({ deliveryRatio: 0.984, ackedPerSec: 8376 })).toBe(false);
    expect(isShortOfDeliveries({ deliveryRatio: 1.002, ackedPerSec: 7350 })).toBe(false);
    // Nothing acked: nothing to deliver.
    expect(isShortOfDeliveries({ deliveryRatio: 0, ackedPerSec: 0 })).toBe(false);
  });
});
