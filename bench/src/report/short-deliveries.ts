/**
 * Below this share of the expected deliveries (acked × receivers per message) in a step's window,
 * members are missing messages. The window cuts a few in flight at each end, and a saturated open
 * loop a few more (0.98 seen), so the bound sits below that.
 */
export const SHORT_DELIVERY_RATIO = 0.97;

export function isShortOfDeliveries(step: { deliveryRatio: number; ackedPerSec: number }): boolean {
  return step.ackedPerSec > 0 && step.deliveryRatio < SHORT_DELIVERY_RATIO;
}
