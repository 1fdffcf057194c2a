import { randomUUID } from 'node:crypto';
import type { ChatAck, Message } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { addCommunityMember, loginAs } from '../../api/test/support';
import { channelWorld } from './support/chat-stack';
import { type MultiNodeStack, startMultiNodeStack } from './support/multi-node';
import { ack, ReceivedEvents, type TestClient } from './support/socket-clients';

function written(result: ChatAck): Message {
  if (!result.written) throw new Error(`not written: ${JSON.stringify(result.error)}`);
  return result.chatInfo;
}

/** Three socket nodes on ephemeral ports sharing one Redis, run once per adapter. */
describe.each(['classic', 'sharded'] as const)('several socket nodes (%s Redis adapter)', (adapter) => {
  let stack: MultiNodeStack;
  beforeAll(async () => {
    stack = await startMultiNodeStack({ nodes: 3, adapter });
  });
  afterEach(() => stack.clients.closeAll());
  afterAll(async () => {
    await stack.close();
  });

  it('delivers new-chat, modify-chat and delete-chat from node A exactly once to each receiver on every node, and none to the sender', async () => {
    const [a, b, c] = stack.nodes;
    const { community, channel, owner, members } = await channelWorld(stack.api.url, { members: 3 });
    const placed: [TestClient, ReceivedEvents][] = [];
    for (const [user, node] of [
      [owner, a],
      [members[0], a],
      [members[1], b],
      [members[2], c],
    ] as const) {
      const socket = await stack.connect(node, user, community);
      expect(await ack(socket, 'join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
      placed.push([socket, new ReceivedEvents(socket)]);
    }
    const [[sender, senderGot], ...receivers] = placed;
    // In the community on node B but not in the channel's room: hears nothing.
    const outsider = await stack.connect(b, members[1], community);
    const outsiderGot = new ReceivedEvents(outsider);

    const created = written(
      await ack(sender, 'chat', { chatType: 'new', channelId: channel.id, content: 'across nodes', clientMsgId: randomUUID() }),
    );
    await expectEventually(() => receivers.forEach(([, got]) => expect(got.of('new-chat')).toEqual([created])));
    const modified = written(await ack(sender, 'chat', { chatType: 'modify', channelId: channel.id, messageId: created.id, content: 'edited' }));
    await expectEventually(() => receivers.forEach(([, got]) => expect(got.of('modify-chat')).toEqual([modified])));
    const deleted = written(await ack(sender, 'chat', { chatType: 'delete', channelId: channel.id, messageId: created.id }));
    await expectEventually(() => receivers.forEach(([, got]) => expect(got.of('delete-chat')).toEqual([deleted])));

    // A last message from another node: each node's broadcasts arrive in order, so once this one is
    // in, any duplicate of the three before it would have arrived too.
    const marker = written(
      await ack(receivers[1][0], 'chat', { chatType: 'new', channelId: channel.id, content: 'marker', clientMsgId: randomUUID() }),
    );
    await expectEventually(() => expect(senderGot.of('new-chat')).toEqual([marker]));
    for (const [i, [, got]] of receivers.entries()) {
      const expected = [
        { event: 'new-chat', payload: created },
        { event: 'modify-chat', payload: modified },
        { event: 'delete-chat', payload: deleted },
        ...(i === 1 ? [] : [{ event: 'new-chat', payload: marker }]),
      ];
      await expectEventually(() => expect(got.events).toEqual(expected));
    }
    expect(senderGot.events).toEqual([{ event: 'new-chat', payload: marker }]);
    expect(modified).toMatchObject({ id: created.id, content: 'edited' });
    expect(deleted).toMatchObject({ id: created.id, content: '', deletedAt: expect.any(String) });
    expect(outsiderGot.events).toEqual([]);
  });

  it('creates no namespace on a node that only hears a broadcast, and a namespace a broadcast reached still refuses strangers', async () => {
    const [a, b] = stack.nodes;
    const { community, channel, owner, members } = await channelWorld(stack.api.url, { members: 1 });
    const sender = await stack.connect(a, owner, community);
    await ack(sender, 'join', { channels: [channel.id] });

    // Node B has nobody in this community: the broadcast passes through Redis and must not make a namespace there.
    written(await ack(sender, 'chat', { chatType: 'new', channelId: channel.id, content: 'nobody on B yet', clientMsgId: randomUUID() }));
    sender.emit('typing', { channelId: channel.id });
    // Inspecting Socket.IO's table; never `io.of(name)`, which would create a namespace without the handshake check.
    expect(b.io._nsps.has(community.namespace)).toBe(false);
    expect((await stack.clients.refusal(b.url, community.namespace, {})).message).toBe('unauthorized');
    expect((await stack.clients.refusal(b.url, community.namespace, { token: 'not-a-token' })).message).toBe('unauthorized');

    // Now node B serves the community and hears A's broadcasts for it...
    const receiver = await stack.connect(b, members[0], community);
    await ack(receiver, 'join', { channels: [channel.id] });
    const got = new ReceivedEvents(receiver);
    const message = written(
      await ack(sender, 'chat', { chatType: 'new', channelId: channel.id, content: 'B is listening', clientMsgId: randomUUID() }),
    );
    await expectEventually(() => expect(got.of('new-chat')).toEqual([message]));
    // ...and its namespace still runs the parent's handshake check on every newcomer.
    expect((await stack.clients.refusal(b.url, community.namespace, {})).message).toBe('unauthorized');
    const stranger = await loginAs(stack.api.url);
    expect((await stack.clients.refusal(b.url, community.namespace, { token: stranger.token })).message).toBe('forbidden');
    await addCommunityMember(stack.api.url, owner, community.id, stranger.user.id);
    await expect(stack.connect(b, stranger, community)).resolves.toMatchObject({ connected: true });
  });
});
