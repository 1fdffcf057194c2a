import { channelMembershipEventSchema, communityMembershipEventSchema, type InternalUserEvent, readMarkerEventSchema } from '@app/shared';
import { z } from 'zod';

const userIds = z.array(z.string()).max(1000);

/** A line of the API's user-event stream; anything else is dropped. */
export const internalUserEventSchema = z.discriminatedUnion('event', [
  z.object({ userIds, event: z.literal('community-membership'), payload: communityMembershipEventSchema }),
  z.object({ userIds, event: z.literal('channel-membership'), payload: channelMembershipEventSchema }),
  z.object({ userIds, event: z.literal('read-marker'), payload: readMarkerEventSchema }),
]) satisfies z.ZodType<InternalUserEvent>;
