import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type MeResponse, type OpenDirectConversationResponse, USER_NAMESPACE } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { addCommunityMember, createCommunity, loginAs } from '../../api/test/support';
import { channelWorld } from './support/chat-stack';
import { type MultiNodeStack, startMultiNodeStack } from './support/multi-node';
import { ack, ReceivedEvents } from './support/socket-clients';

const USER_EVENTS = ['community-membership', 'channel-membership', 'read-marker'] as const;
/** What issue #14 asks of live membership: seen within a second of the change. */
const LIVE_WITHIN_MS = 1000;

/**
 * Events for a user rather than a room: the API publishes them, every node hears them, and each
 * delivers to that user's sockets in whichever community namespace they are connected to.
 */
describe('user events across two socket nodes', () => {
  let stack: MultiNodeStack;
  beforeAll(async () => {
    stack = await startMultiNodeStack({ nodes: 2 });
  });
  afterEach(() => stack.clients.closeAll());
  afterAll(async () => {
    await stack.close();
  });

  it('tells a new member of a community, connected elsewhere on either node, within a second', async () => {
    const [a, b] = stack.nodes;
    const bob = await loginAs(stack.api.url);
    const own = await createCommunity(stack.api.url, bob);
    const onA = new ReceivedEvents(await stack.connect(a, bob, own), [...USER_EVENTS]);
    const onB = new ReceivedEvents(await stack.connect(b, bob, own), [...USER_EVENTS]);

    const alice = await loginAs(stack.api.url);
    const joined = await createCommunity(stack.api.url, alice);
    const added = Date.now();
    await addCommunityMember(stack.api.url, alice, joined.id, bob.user.id);
    const expected = { communityId: joined.id, member: true };
    await expectEventually(() => {
      expect(onA.of('community-membership')).toEqual([expected]);
      expect(onB.of('community-membership')).toEqual([expected]);
    });
    expect(Date.now() - added).toBeLessThan(LIVE_WITHIN_MS);
  });

  it('reaches someone in no community yet through their own namespace, and refuses it without a valid token', async () => {
    const [, b] = stack.nodes;
    const newcomer = await loginAs(stack.api.url);
    const personal = await stack.clients.connect(b.url, USER_NAMESPACE, { token: newcomer.token });
    const got = new ReceivedEvents(personal, [...USER_EVENTS]);
    const owner = await loginAs(stack.api.url);
    const community = await createCommunity(stack.api.url, owner);
    await addCommunityMember(stack.api.url, owner, community.id, newcomer.user.id);
    await expectEventually(() => expect(got.of('community-membership')).toEqual([{ communityId: community.id, member: true }]));
    // It takes no events: an ack is answered, not left hanging.
    expect(await ack(personal, 'join', { channels: [] })).toMatchObject({ error: { code: 'validation_failed' } });
    const refused = await stack.clients.refusal(b.url, USER_NAMESPACE, { token: 'not-a-token' });
    expect(refused.message).toBe('unauthorized');
  });

  it('shows a new direct conversation to each of its people on their node, and to no one else', async () => {
    const [a, b] = stack.nodes;
    const { community, owner: alice, members } = await channelWorld(stack.api.url, { members: 2 });
    const [bob, carol] = members;
    const bobSocket = await stack.connect(b, bob, community);
    const bobGot = new ReceivedEvents(bobSocket, [...USER_EVENTS]);
    const aliceGot = new ReceivedEvents(await stack.connect(a, alice, community), [...USER_EVENTS]);
    const carolGot = new ReceivedEvents(await stack.connect(a, carol, community), [...USER_EVENTS]);

    const opened = Date.now();
    const res = await request(stack.api.url)
      .post(`/api/communities/${community.id}/dms`)
      .set(alice.auth)
      .send({ userIds: [bob.user.id] })
      .expect(201);
    const { conversation } = res.body as OpenDirectConversationResponse;
    const expected = { communityId: community.id, channelId: conversation.id, kind: 'dm', member: true };
    await expectEventually(() => {
      expect(bobGot.of('channel-membership')).toEqual([expected]);
      expect(aliceGot.of('channel-membership')).toEqual([expected]);
    });
    expect(Date.now() - opened).toBeLessThan(LIVE_WITHIN_MS);

    // Bob joins its room and hears alice's first message there.
    expect(await ack(bobSocket, 'join', { channels: [conversation.id] })).toEqual({ joined: [conversation.id], rejected: [] });
    const heard = new ReceivedEvents(bobSocket);
    const aliceSocket = await stack.connect(b, alice, community);
    await ack(aliceSocket, 'join', { channels: [conversation.id] });
    const sent = await ack(aliceSocket, 'chat', { chatType: 'new', channelId: conversation.id, content: 'hi bob', clientMsgId: randomUUID() });
    expect(sent.written).toBe(true);
    await expectEventually(() => expect(heard.of('new-chat')).toHaveLength(1));
    // Carol is told nothing and cannot join it.
    expect(carolGot.events).toEqual([]);
    const carolSocket = await stack.connect(a, carol, community);
    expect(await ack(carolSocket, 'join', { channels: [conversation.id] })).toMatchObject({
      joined: [],
      rejected: [{ channelId: conversation.id }],
    });
  });

  it("moves a read marker in every tab of the reader, on both nodes, and only the reader's", async () => {
    const [a, b] = stack.nodes;
    const { community, channel, owner, members } = await channelWorld(stack.api.url, { members: 1 });
    const [bob] = members;
    const writer = await stack.connect(a, owner, community);
    await ack(writer, 'join', { channels: [channel.id] });
    for (const content of ['one', 'two'])
      await ack(writer, 'chat', { chatType: 'new', channelId: channel.id, content, clientMsgId: randomUUID() });

    const tab1 = await stack.connect(a, bob, community);
    const tab2Got = new ReceivedEvents(await stack.connect(b, bob, community), [...USER_EVENTS]);
    const ownerGot = new ReceivedEvents(writer, [...USER_EVENTS]);
    expect(await ack(tab1, 'read', { channelId: channel.id, seq: 2 })).toEqual({ lastReadSeq: 2 });
    await expectEventually(() =>
      expect(tab2Got.of('read-marker')).toEqual([{ communityId: community.id, channelId: channel.id, lastReadSeq: 2 }]),
    );
    expect(ownerGot.events).toEqual([]);
  });

  it('closes the sockets of a removed member and takes a leaver out of the room on every node', async () => {
    const [a, b] = stack.nodes;
    const { community, channel, owner, members } = await channelWorld(stack.api.url, { members: 2 });
    const [bob, carol] = members;
    const me = (await request(stack.api.url).get('/api/me').set(owner.auth).expect(200)).body as MeResponse;
    const general = me.communities.find((c) => c.id === community.id)!.defaultChannelId!;
    const writer = await stack.connect(a, owner, community);
    await ack(writer, 'join', { channels: [channel.id, general] });

    // Carol leaves the channel in another tab: her socket on node B stops hearing it.
    const carolSocket = await stack.connect(b, carol, community);
    await ack(carolSocket, 'join', { channels: [channel.id, general] });
    const carolGot = new ReceivedEvents(carolSocket, ['new-chat', 'channel-membership']);
    await request(stack.api.url).post(`/api/channels/${channel.id}/leave`).set(carol.auth).expect(200);
    await expectEventually(() =>
      expect(carolGot.of('channel-membership')).toEqual([{ communityId: community.id, channelId: channel.id, kind: 'channel', member: false }]),
    );
    await ack(writer, 'chat', { chatType: 'new', channelId: channel.id, content: 'after carol left', clientMsgId: randomUUID() });

    // Bob is removed from the community: told, then disconnected.
    const bobSocket = await stack.connect(b, bob, community);
    const bobGot = new ReceivedEvents(bobSocket, [...USER_EVENTS]);
    const disconnected = new Promise<string>((resolve) => bobSocket.once('disconnect', resolve));
    await request(stack.api.url).delete(`/api/communities/${community.id}/members/${bob.user.id}`).set(owner.auth).expect(200);
    expect(await disconnected).toBe('io server disconnect');
    expect(bobGot.of('community-membership')).toEqual([{ communityId: community.id, member: false }]);

    // The message written after carol left never reached her: a later one in #town-square, which she is
    // still in, comes from the same node after it, so once that is in, the first would have been too.
    await ack(writer, 'chat', { chatType: 'new', channelId: general, content: 'marker', clientMsgId: randomUUID() });
    await expectEventually(() => expect(carolGot.of('new-chat')).toHaveLength(1));
    expect(carolGot.of('new-chat')).toEqual([expect.objectContaining({ channelId: general, content: 'marker' })]);
  });
});
