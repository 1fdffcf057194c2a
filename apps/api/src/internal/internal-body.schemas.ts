import { LIMITS, idSchema, reactPayloadSchema } from '@app/shared';
import { z } from 'zod';

/*
 * Bodies of the socket app's calls. Each chat command is validated on its own by the writer, so
 * one bad command is one failed result, not a failed batch; everything else must be well-formed.
 */
/** Ids compare as strings in the services, so they are made canonical here. */
const id = idSchema.transform((value) => value.toLowerCase());

export const chatBatchBodySchema = z.object({
  commands: z.array(z.unknown()).max(LIMITS.internalBatchMax, `must hold at most ${LIMITS.internalBatchMax} commands`),
});

export const communityAccessBodySchema = z.object({ userId: id, communityId: id });

export const channelAccessBodySchema = z.object({
  userId: id,
  communityId: id,
  channelIds: z.array(id).max(LIMITS.channelsPerJoinMax, `must name at most ${LIMITS.channelsPerJoinMax} channels`),
});

export const internalReadBodySchema = z.object({
  userId: id,
  communityId: id,
  channelId: id,
  seq: z.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER),
});

/** The reaction is validated with the contract's own validator again: the API never trusts the socket app. */
export const internalReactionBodySchema = z.object({
  userId: id,
  communityId: id,
  reaction: reactPayloadSchema.transform((r) => ({ ...r, channelId: r.channelId.toLowerCase(), messageId: r.messageId.toLowerCase() })),
});
