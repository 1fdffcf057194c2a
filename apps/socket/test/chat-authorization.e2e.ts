import { randomUUID } from 'node:crypto';
import type { ChatAck, Message } from '@app/shared';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { createChannel, querySql } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack, ReceivedEvents, type TestClient } from './support/socket-clients';

/** Who may write where: refused chats are never stored and never broadcast. */
describe('chat authorization', () => {
  const stack = useChatStack();

  const newChat = (channelId: string, content = 'hi') => ({ chatType: 'new', channelId, content, clientMsgId: randomUUID() });
  const refusedWith = (codes: string[]) => (result: ChatAck) => {
    expect(result.written).toBe(false);
    expect(codes).toContain(!result.written && result.error.code);
  };
  const messageCount = async (channelId: string) => (await querySql('SELECT id FROM messages WHERE channel_id = $1', [channelId])).length;

  /** A watcher in the channel, and proof by a later message that it received nothing before it. */
  async function watch(world: Awaited<ReturnType<typeof channelWorld>>) {
    const watcher = await stack.connect(world.owner, world.community);
    await ack(watcher, 'join', { channels: [world.channel.id] });
    const received = new ReceivedEvents(watcher);
    return {
      received,
      async expectOnly(writer: TestClient, expected: Message[] = []) {
        const marker = await ack(writer, 'chat', newChat(world.channel.id, 'marker'));
        if (!marker.written) throw new Error(`marker not written: ${JSON.stringify(marker.error)}`);
        await expectEventually(() => expect(received.events.length).toBe(expected.length + 1));
        expect(received.events.map((e) => e.payload)).toEqual([...expected, marker.chatInfo]);
      },
    };
  }

  it('refuses a chat to a channel of the community the user has not joined (public or private)', async () => {
    const world = await channelWorld(stack.api.url);
    const member = world.members[0];
    const publicOther = await createChannel(stack.api.url, world.owner, world.community.id);
    const privateOther = await createChannel(stack.api.url, world.owner, world.community.id, { private: true });
    const socket = await stack.connect(member, world.community);
    const { expectOnly } = await watch(world);

    for (const channel of [publicOther, privateOther]) {
      refusedWith(['forbidden', 'not_found'])(await ack(socket, 'chat', newChat(channel.id)));
      expect(await messageCount(channel.id)).toBe(0);
    }
    await expectOnly(socket);
  });

  it('refuses a chat to another community’s channel, even one the user belongs to', async () => {
    const home = await channelWorld(stack.api.url);
    const away = await channelWorld(stack.api.url, { members: 1 });
    const user = home.members[0];
    // The user is a member of the other community's channel too...
    await request(stack.api.url)
      .post(`/api/communities/${away.community.id}/members`)
      .set(away.owner.auth)
      .send({ userId: user.user.id })
      .expect(201);
    await request(stack.api.url)
      .post(`/api/channels/${away.channel.id}/members`)
      .set(away.owner.auth)
      .send({ userId: user.user.id })
      .expect(201);
    // ...but is connected to the home namespace: a chat there is about the home community only.
    const socket = await stack.connect(user, home.community);
    const awayWatcher = await stack.connect(away.owner, away.community);
    await ack(awayWatcher, 'join', { channels: [away.channel.id] });
    const awayReceived = new ReceivedEvents(awayWatcher);

    refusedWith(['forbidden', 'not_found'])(await ack(socket, 'chat', newChat(away.channel.id)));
    expect(await messageCount(away.channel.id)).toBe(0);
    refusedWith(['forbidden', 'not_found'])(await ack(socket, 'chat', newChat(randomUUID())));

    // A later message from a member of that channel is the first and only thing the watcher gets.
    const awayMember = await stack.connect(away.members[0], away.community);
    const marker = await ack(awayMember, 'chat', newChat(away.channel.id, 'marker'));
    if (!marker.written) throw new Error('marker not written');
    await expectEventually(() => expect(awayReceived.events.length).toBeGreaterThan(0));
    expect(awayReceived.events).toEqual([{ event: 'new-chat', payload: marker.chatInfo }]);
    expect(await messageCount(away.channel.id)).toBe(1);
  });

  it('lets only the author modify or delete a message', async () => {
    const world = await channelWorld(stack.api.url, { members: 2 });
    const [author, other] = world.members;
    const authorSocket = await stack.connect(author, world.community);
    const otherSocket = await stack.connect(other, world.community);
    for (const s of [authorSocket, otherSocket]) await ack(s, 'join', { channels: [world.channel.id] });
    const original = await ack(authorSocket, 'chat', newChat(world.channel.id, 'mine'));
    if (!original.written) throw new Error('setup failed');
    const { expectOnly, received } = await watch(world);
    const messageId = original.chatInfo.id;

    expect(await ack(otherSocket, 'chat', { chatType: 'modify', channelId: world.channel.id, messageId, content: 'hijacked' })).toEqual({
      written: false,
      error: expect.objectContaining({ code: 'forbidden' }),
    });
    expect(await ack(otherSocket, 'chat', { chatType: 'delete', channelId: world.channel.id, messageId })).toEqual({
      written: false,
      error: expect.objectContaining({ code: 'forbidden' }),
    });
    // Unknown message, and a real message named under the wrong channel.
    const elsewhere = await createChannel(stack.api.url, author, world.community.id);
    await ack(authorSocket, 'join', { channels: [elsewhere.id] });
    expect(await ack(authorSocket, 'chat', { chatType: 'modify', channelId: world.channel.id, messageId: randomUUID(), content: 'x' })).toEqual({
      written: false,
      error: expect.objectContaining({ code: 'not_found' }),
    });
    expect(await ack(authorSocket, 'chat', { chatType: 'delete', channelId: elsewhere.id, messageId })).toEqual({
      written: false,
      error: expect.objectContaining({ code: 'not_found' }),
    });

    const rows = await querySql<{ content: string; deleted_at: Date | null; edited_at: Date | null }>(
      'SELECT content, deleted_at, edited_at FROM messages WHERE id = $1',
      [messageId],
    );
    expect(rows).toEqual([{ content: 'mine', deleted_at: null, edited_at: null }]);
    expect(received.events).toEqual([]);
    await expectOnly(authorSocket);
  });
});
