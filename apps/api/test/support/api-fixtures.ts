import { randomBytes } from 'node:crypto';
import {
  type ChannelSummary,
  type CommunitySummary,
  INTERNAL_ROUTES,
  type InternalChatCommand,
  type InternalChatResult,
  type LoginResponse,
  type Message,
  type UserSummary,
} from '@app/shared';
import request, { type Response } from 'supertest';
import { TEST_INTERNAL_TOKEN } from './test-api-config';
import { internalUrlOf } from './test-api-server';

/** A signed-in test user, with the header to send. */
export interface TestUser {
  token: string;
  user: UserSummary;
  auth: { Authorization: string };
}

/** A fresh name that fits usernames (`[a-zA-Z0-9_.-]{1,32}`) and community/channel names. */
export function uniqueName(prefix = 't'): string {
  return `${prefix.slice(0, 20)}_${randomBytes(5).toString('hex')}`;
}

function expectStatus(res: Response, status: number, what: string): void {
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export async function loginAs(url: string, username: string = uniqueName('user')): Promise<TestUser> {
  const res = await request(url).post('/api/auth/login').send({ username });
  expectStatus(res, 201, `login ${username}`);
  const body = res.body as LoginResponse;
  return { token: body.token, user: body.user, auth: bearer(body.token) };
}

export async function createCommunity(url: string, owner: TestUser, name: string = uniqueName('community')): Promise<CommunitySummary> {
  const res = await request(url).post('/api/communities').set(owner.auth).send({ name });
  expectStatus(res, 201, 'create community');
  return res.body as CommunitySummary;
}

export async function addCommunityMember(url: string, actor: TestUser, communityId: string, userId: string): Promise<void> {
  const res = await request(url).post(`/api/communities/${communityId}/members`).set(actor.auth).send({ userId });
  expectStatus(res, 201, 'add community member');
}

export async function createChannel(
  url: string,
  creator: TestUser,
  communityId: string,
  options: { name?: string; private?: boolean } = {},
): Promise<ChannelSummary> {
  const res = await request(url)
    .post(`/api/communities/${communityId}/channels`)
    .set(creator.auth)
    .send({ name: options.name ?? uniqueName('channel'), private: options.private ?? false });
  expectStatus(res, 201, 'create channel');
  return res.body as ChannelSummary;
}

export async function joinChannel(url: string, user: TestUser, channelId: string): Promise<void> {
  const res = await request(url).post(`/api/channels/${channelId}/join`).set(user.auth).send();
  expectStatus(res, 201, 'join channel');
}

export async function addChannelMember(url: string, actor: TestUser, channelId: string, userId: string): Promise<void> {
  const res = await request(url).post(`/api/channels/${channelId}/members`).set(actor.auth).send({ userId });
  expectStatus(res, 201, 'add channel member');
}

/** An owner, a community and a public channel, all fresh. */
export async function createCommunityWithChannel(
  url: string,
  options: { private?: boolean } = {},
): Promise<{ owner: TestUser; community: CommunitySummary; channel: ChannelSummary }> {
  const owner = await loginAs(url);
  const community = await createCommunity(url, owner);
  const channel = await createChannel(url, owner, community.id, options);
  return { owner, community, channel };
}

/** A user who is a member of the community (and of the channel, when one is given). */
export async function addMemberTo(url: string, owner: TestUser, communityId: string, channelId?: string): Promise<TestUser> {
  const member = await loginAs(url);
  await addCommunityMember(url, owner, communityId, member.user.id);
  if (channelId) await addChannelMember(url, owner, channelId, member.user.id);
  return member;
}

/** POST /internal/chat-batch (on the API's internal listener); commands are `unknown[]` so tests can send malformed ones. */
export async function internalChatBatch(
  url: string,
  commands: readonly (InternalChatCommand | unknown)[],
  token: string = TEST_INTERNAL_TOKEN,
): Promise<InternalChatResult[]> {
  const res = await request(internalUrlOf(url)).post(INTERNAL_ROUTES.chatBatch).set(bearer(token)).send({ commands });
  expectStatus(res, 200, 'internal chat batch');
  return (res.body as { results: InternalChatResult[] }).results;
}

/** Writes messages one batch at a time (so in order) and returns what was stored. */
export async function postMessages(
  url: string,
  author: TestUser,
  communityId: string,
  channelId: string,
  contents: string[],
): Promise<Message[]> {
  const commands = contents.map((content) => ({
    userId: author.user.id,
    communityId,
    chat: { chatType: 'new' as const, channelId, content, clientMsgId: uniqueName('msg') },
  }));
  const results = await internalChatBatch(url, commands);
  return results.map((result, i) => {
    if (!result.ok) throw new Error(`message ${i} was not written: ${JSON.stringify(result.error)}`);
    return result.message;
  });
}
