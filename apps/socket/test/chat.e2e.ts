import { randomUUID } from 'node:crypto';
import type { ChatAck, Message } from '@app/shared';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { querySql } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack, ReceivedEvents, type TestClient } from './support/socket-clients';

/** The write-through path, against the real API and Postgres. */
describe('chat', () => {
  const stack = useChatStack();

  /** A channel with `n` users connected and joined, each with what it receives. */
  async function room(n: number) {
    const world = await channelWorld(stack.api.url, { members: n - 1 });
    const users = [world.owner, ...world.members];
    const sockets: TestClient[] = [];
    for (const user of users) {
      const socket = await stack.connect(user, world.community);
      expect(await ack(socket, 'join', { channels: [world.channel.id] })).toEqual({ joined: [world.channel.id], rejected: [] });
      sockets.push(socket);
    }
    return { ...world, users, sockets, received: sockets.map((s) => new ReceivedEvents(s)) };
  }

  const send = (socket: TestClient, channelId: string, content: string, clientMsgId: string = randomUUID()) =>
    ack(socket, 'chat', { chatType: 'new', channelId, content, clientMsgId });

  function written(result: ChatAck): Message {
    if (!result.written) throw new Error(`not written: ${JSON.stringify(result.error)}`);
    return result.chatInfo;
  }

  it('counts its batches on GET /health: every stored chat went through one, none refused', async () => {
    const { channel, sockets } = await room(2);
    const before = (await request(stack.socket.url).get('/health').expect(200)).body as {
      status: string;
      chat: { batches: number; commands: number; refused: number; requestMs: number; queuedMs: number };
    };
    expect(before.status).toBe('ok');
    for (let i = 0; i < 3; i++) written(await send(sockets[0], channel.id, `counted ${i}`));
    const after = (await request(stack.socket.url).get('/health').expect(200)).body as typeof before;
    expect(after.chat.commands - before.chat.commands).toBe(3);
    expect(after.chat.batches - before.chat.batches).toBeGreaterThanOrEqual(1);
    expect(after.chat.batches - before.chat.batches).toBeLessThanOrEqual(3);
    expect(after.chat.refused).toBe(before.chat.refused);
    // Each request was a round trip to the API and a commit: some milliseconds in all.
    expect(after.chat.requestMs).toBeGreaterThan(before.chat.requestMs);
    expect(after.chat.queuedMs).toBeGreaterThanOrEqual(before.chat.queuedMs);
  });

  it('stores a new message, acks the sender with it and broadcasts it once to the others in the room', async () => {
    const { community, channel, users, sockets, received } = await room(3);
    const [sender, other, third] = sockets;
    // In the community but not in the room: hears nothing.
    const outsider = await stack.connect(users[1], community);
    const outsiderReceived = new ReceivedEvents(outsider);

    const clientMsgId = randomUUID();
    const result = await send(sender, channel.id, '  hello, world  ', clientMsgId);
    const message = written(result);
    expect(message).toEqual({
      id: expect.any(String),
      communityId: community.id,
      channelId: channel.id,
      seq: 1,
      author: users[0].user,
      content: 'hello, world',
      clientMsgId,
      createdAt: expect.any(String),
      editedAt: null,
      deletedAt: null,
    });
    const rows = await querySql<{ content: string; seq: string }>('SELECT content, seq FROM messages WHERE id = $1', [message.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].content).toBe('hello, world');

    await expectEventually(() => {
      expect(received[1].of('new-chat')).toEqual([message]);
      expect(received[2].of('new-chat')).toEqual([message]);
    });
    // A second message proves ordering: had anything else been sent to these clients, it came first.
    const next = written(await send(other, channel.id, 'second'));
    expect(next.seq).toBe(2);
    await expectEventually(() => {
      expect(received[0].of('new-chat')).toEqual([next]);
      expect(received[2].of('new-chat')).toEqual([message, next]);
    });
    expect(received[0].events).toEqual([{ event: 'new-chat', payload: next }]);
    expect(received[1].events).toEqual([{ event: 'new-chat', payload: message }]);
    expect(third.connected).toBe(true);
    expect(outsiderReceived.events).toEqual([]);
  });

  it('broadcasts modify-chat and delete-chat with the stored message', async () => {
    const { channel, sockets, received } = await room(2);
    const [author] = sockets;
    const original = written(await send(author, channel.id, 'first draft'));

    const modified = written(
      await ack(author, 'chat', { chatType: 'modify', channelId: channel.id, messageId: original.id, content: ' final ' }),
    );
    expect(modified).toEqual({ ...original, content: 'final', editedAt: expect.any(String) });

    const deleted = written(await ack(author, 'chat', { chatType: 'delete', channelId: channel.id, messageId: original.id }));
    expect(deleted).toMatchObject({ id: original.id, seq: original.seq, content: '', deletedAt: expect.any(String) });

    await expectEventually(() => expect(received[1].events).toHaveLength(3));
    expect(received[1].events).toEqual([
      { event: 'new-chat', payload: original },
      { event: 'modify-chat', payload: modified },
      { event: 'delete-chat', payload: deleted },
    ]);
    expect(received[0].events).toEqual([]);
  });

  it('makes a retried new message idempotent: same id, same seq, one row, across a reconnect', async () => {
    const { community, channel, users, sockets } = await room(1);
    const clientMsgId = randomUUID();
    const first = written(await send(sockets[0], channel.id, 'only once', clientMsgId));
    const again = written(await send(sockets[0], channel.id, 'only once', clientMsgId));
    expect(again).toEqual(first);

    sockets[0].disconnect();
    const reconnected = await stack.connect(users[0], community);
    const afterReconnect = written(await send(reconnected, channel.id, 'only once', clientMsgId));
    expect(afterReconnect).toEqual(first);
    const rows = await querySql('SELECT id FROM messages WHERE channel_id = $1', [channel.id]);
    expect(rows).toEqual([{ id: first.id }]);
  });

  it('keeps seq contiguous under 120 concurrent sends from 4 clients, and every other client sees every message', async () => {
    const { channel, sockets, received } = await room(4);
    const perClient = 30;
    const results = await Promise.all(
      sockets.flatMap((socket, c) => Array.from({ length: perClient }, (_, i) => send(socket, channel.id, `client ${c} message ${i}`))),
    );
    const messages = results.map(written);
    const seqs = messages.map((m) => m.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: sockets.length * perClient }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);

    await expectEventually(() => {
      for (const r of received) expect(r.of('new-chat')).toHaveLength(perClient * (sockets.length - 1));
    }, 10_000);
    received.forEach((r, c) => {
      const seen = (r.of('new-chat') as Message[]).map((m) => m.seq);
      const expected = messages.filter((_, i) => Math.floor(i / perClient) !== c).map((m) => m.seq);
      expect([...seen].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    });
  });

  it('acks a read with the new marker, which only moves forward', async () => {
    const { channel, owner, sockets } = await room(2);
    const writer = sockets[1];
    for (const content of ['a', 'b', 'c']) written(await send(writer, channel.id, content));
    expect(await ack(sockets[0], 'read', { channelId: channel.id, seq: 2 })).toEqual({ lastReadSeq: 2 });
    expect(await ack(sockets[0], 'read', { channelId: channel.id, seq: 1 })).toEqual({ lastReadSeq: 2 });
    const list = await request(stack.api.url).get(`/api/communities/${channel.communityId}/channels`).set(owner.auth);
    // The community's default channel is listed too; nothing was written there.
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: channel.id, lastSeq: 3, lastReadSeq: 2, unread: 1 }),
        expect.objectContaining({ name: 'town-square', lastSeq: 0 }),
      ]),
    );
    expect(list.body).toHaveLength(2);
  });
});
