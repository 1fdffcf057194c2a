import { randomUUID } from 'node:crypto';
import type { ChatAck, Message, ReactionBroadcast, ThreadUpdate } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { querySql } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack, ReceivedEvents, type TestClient } from './support/socket-clients';

/** Threads and reactions over Socket.IO, against the real API and Postgres. */
describe('threads and reactions over the socket', () => {
  const stack = useChatStack({ chatRate: { perSecond: 1, burst: 6 } });

  async function room() {
    const world = await channelWorld(stack.api.url, { members: 1 });
    const alice = await stack.connect(world.owner, world.community);
    const aliceOtherTab = await stack.connect(world.owner, world.community);
    const bob = await stack.connect(world.members[0], world.community);
    for (const s of [alice, aliceOtherTab, bob]) await ack(s, 'join', { channels: [world.channel.id] });
    const names = ['new-chat', 'delete-chat', 'thread-updated', 'reaction'] as const;
    return { ...world, alice, aliceOtherTab, bob, heard: [alice, aliceOtherTab, bob].map((s) => new ReceivedEvents(s, [...names])) };
  }

  const newChat = (socket: TestClient, channelId: string, content: string, threadRootId?: string) =>
    ack(socket, 'chat', { chatType: 'new', channelId, content, clientMsgId: randomUUID(), ...(threadRootId ? { threadRootId } : {}) });

  function written(result: ChatAck): Message {
    if (!result.written) throw new Error(`not written: ${JSON.stringify(result.error)}`);
    return result.chatInfo;
  }

  it('broadcasts a reply to the room and the root summary to everyone, the replier included', async () => {
    const { channel, alice, bob, heard, members } = await room();
    const root = written(await newChat(alice, channel.id, 'root'));
    const reply = written(await newChat(bob, channel.id, 'in the thread', root.id));
    expect(reply).toMatchObject({ seq: 2, threadRootId: root.id });
    const update: ThreadUpdate = {
      channelId: channel.id,
      rootId: root.id,
      thread: { replyCount: 1, lastReplyAt: expect.any(String), participants: [members[0].user] },
    };
    await expectEventually(() => {
      for (const h of heard) expect(h.of('thread-updated')).toEqual([update]);
      expect(heard[0].of('new-chat')).toEqual([reply]);
    });
    // The replier hears the summary, not its own message again.
    expect(heard[2].of('new-chat')).toEqual([root]);

    await ack(bob, 'chat', { chatType: 'delete', channelId: channel.id, messageId: reply.id });
    await expectEventually(() => expect(heard[0].of('thread-updated')).toHaveLength(2));
    expect((heard[0].of('thread-updated')[1] as ThreadUpdate).thread.replyCount).toBe(0);
  });

  it('refuses a reply to a root that is not in the channel with the contract error, and broadcasts nothing', async () => {
    const { channel, alice, heard } = await room();
    const elsewhere = await channelWorld(stack.api.url, { members: 0 });
    const outsiderSocket = await stack.connect(elsewhere.owner, elsewhere.community);
    await ack(outsiderSocket, 'join', { channels: [elsewhere.channel.id] });
    const foreignRoot = written(await newChat(outsiderSocket, elsewhere.channel.id, 'a root elsewhere'));
    for (const rootId of [foreignRoot.id, randomUUID()]) {
      expect(await newChat(alice, channel.id, 'lost', rootId)).toEqual({
        written: false,
        error: { code: 'not_found', message: expect.any(String) },
      });
    }
    expect(await querySql('SELECT 1 FROM messages WHERE channel_id = $1', [channel.id])).toEqual([]);
    expect(heard[2].events).toEqual([]);
  });

  it('stores a reaction, broadcasts it to the room (the reactor other tab too), and acks a repeat without a broadcast', async () => {
    const { channel, alice, bob, heard, owner } = await room();
    const message = written(await newChat(bob, channel.id, 'react to me'));
    const payload = { channelId: channel.id, messageId: message.id, emoji: '🎉', action: 'add' };
    const broadcast: ReactionBroadcast = {
      channelId: channel.id,
      messageId: message.id,
      emoji: '🎉',
      user: owner.user,
      action: 'add',
      count: 1,
    };
    expect(await ack(alice, 'react', payload)).toEqual({ ok: true, changed: true, reaction: broadcast });
    await expectEventually(() => {
      for (const h of heard) expect(h.of('reaction')).toEqual([broadcast]);
    });
    expect(await ack(alice, 'react', payload)).toEqual({ ok: true, changed: false, reaction: broadcast });
    expect(await ack(alice, 'react', { ...payload, action: 'remove' })).toMatchObject({ ok: true, changed: true, reaction: { count: 0 } });
    await expectEventually(() => expect(heard[2].of('reaction')).toHaveLength(2));
    expect(await querySql('SELECT 1 FROM message_reactions WHERE message_id = $1', [message.id])).toEqual([]);
  });

  it('answers bad reactions with the contract error, and spends the chat budget', async () => {
    const { channel, alice, bob } = await room();
    const message = written(await newChat(bob, channel.id, 'm'));
    for (const bad of [
      { channelId: channel.id, messageId: message.id, emoji: 'not emoji', action: 'add' },
      { channelId: channel.id, messageId: message.id, emoji: '👍', action: 'toggle' },
      { channelId: channel.id, messageId: message.id, emoji: '👍', action: 'add', __proto__: { x: 1 }, extra: true },
      null,
    ]) {
      expect(await ack(alice, 'react', bad)).toEqual({ ok: false, error: expect.objectContaining({ code: 'validation_failed' }) });
    }
    // Four refused reactions took four of the six tokens; a burst now runs out.
    const results = await Promise.all(
      Array.from({ length: 4 }, () => ack(alice, 'react', { channelId: channel.id, messageId: message.id, emoji: '👍', action: 'add' })),
    );
    expect(results.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThanOrEqual(2);
  });
});
