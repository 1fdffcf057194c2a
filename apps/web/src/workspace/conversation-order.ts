import type { ChatState, CommunityState } from '@app/client';

/** The conversations of a community in sidebar order: the channels I am in, then my direct conversations. */
export function conversationOrder(state: ChatState, community: CommunityState): string[] {
  return [...community.channelIds, ...community.dmIds].filter((id) => state.channels[id]?.isMember);
}

/** The conversation `step` places from `current` in that order, wrapping around; null when there is none. */
export function stepConversation(order: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (order.length === 0) return null;
  const at = current ? order.indexOf(current) : -1;
  if (at === -1) return order[step === 1 ? 0 : order.length - 1];
  return order[(at + step + order.length) % order.length];
}
