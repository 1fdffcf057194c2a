import { randomUUID } from 'node:crypto';
import { LIMITS } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { createChannel, joinChannel } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack, rawAck, ReceivedEvents } from './support/socket-clients';

/** join/leave: which channel rooms a socket may listen to. */
describe('join and leave', () => {
  const stack = useChatStack();

  /** The channel rooms a socket is in (not its own room, nor its user's room, which every socket joins on connect). */
  const roomsOf = (namespace: string, socketId: string | undefined) =>
    [...(stack.socket.io._nsps.get(namespace)?.sockets.get(socketId ?? '')?.rooms ?? [])].filter(
      (r) => r !== socketId && !r.startsWith('user:'),
    );

  it('joins the channels the user belongs to and says why the others were rejected', async () => {
    const { community, channel, owner, members } = await channelWorld(stack.api.url);
    const [member] = members;
    const publicNotJoined = await createChannel(stack.api.url, owner, community.id);
    const privateOfOwner = await createChannel(stack.api.url, owner, community.id, { private: true });
    const elsewhere = await channelWorld(stack.api.url, { members: 0 });
    const unknown = randomUUID();

    const socket = await stack.connect(member, community);
    const result = await ack(socket, 'join', {
      channels: [channel.id, publicNotJoined.id, privateOfOwner.id, elsewhere.channel.id, unknown, channel.id],
    });
    expect(result).toEqual({
      joined: [channel.id],
      rejected: [
        { channelId: publicNotJoined.id, code: 'forbidden' },
        { channelId: privateOfOwner.id, code: 'forbidden' },
        { channelId: elsewhere.channel.id, code: 'not_found' },
        { channelId: unknown, code: 'not_found' },
      ],
    });
    expect(roomsOf(community.namespace, socket.id)).toEqual([channel.id]);

    // Joining the public channel over REST opens it to the socket.
    await joinChannel(stack.api.url, member, publicNotJoined.id);
    expect(await ack(socket, 'join', { channels: [publicNotJoined.id] })).toEqual({ joined: [publicNotJoined.id], rejected: [] });
    expect(roomsOf(community.namespace, socket.id).sort()).toEqual([channel.id, publicNotJoined.id].sort());
  });

  it('leaves rooms, after which their broadcasts stop arriving', async () => {
    const { community, channel, owner, members } = await channelWorld(stack.api.url);
    const second = await createChannel(stack.api.url, owner, community.id);
    const listener = await stack.connect(owner, community);
    const writer = await stack.connect(members[0], community);
    await joinChannel(stack.api.url, members[0], second.id);
    expect(await ack(listener, 'join', { channels: [channel.id, second.id] })).toMatchObject({ joined: [channel.id, second.id] });
    const received = new ReceivedEvents(listener);

    expect(await ack(listener, 'leave', { channels: [channel.id, channel.id] })).toEqual({ left: [channel.id] });
    expect(roomsOf(community.namespace, listener.id)).toEqual([second.id]);
    const chat = (channelId: string, content: string) => ack(writer, 'chat', { chatType: 'new', channelId, content, clientMsgId: randomUUID() });
    expect((await chat(channel.id, 'to the room I left')).written).toBe(true);
    expect((await chat(second.id, 'to the room I kept')).written).toBe(true);
    // Broadcasts reach one client in order: once the later one is here, the earlier would have been.
    await expectEventually(() => expect(received.events.length).toBeGreaterThan(0));
    expect(received.events).toEqual([{ event: 'new-chat', payload: expect.objectContaining({ content: 'to the room I kept' }) }]);

    // Leaving a room one is not in is harmless.
    expect(await ack(listener, 'leave', { channels: [randomUUID()] })).toEqual({ left: [expect.any(String)] });
  });

  const tooMany = Array.from({ length: LIMITS.channelsPerJoinMax + 1 }, () => randomUUID());
  it.each([
    ['a string', 'general'],
    ['null', null],
    ['an array', [randomUUID()]],
    ['no channels field', {}],
    ['an empty list', { channels: [] }],
    ['a channel id that is not a UUID', { channels: ['general'] }],
    ['a channel id that is a number', { channels: [42] }],
    ['an unknown field', { channels: [randomUUID()], force: true }],
    [`more than ${LIMITS.channelsPerJoinMax} channels`, { channels: tooMany }],
    ['a huge array', { channels: Array.from({ length: 10_000 }, () => randomUUID()) }],
  ])('refuses %s with validation_failed on join and leave', async (_what, payload) => {
    const { community, channel, members } = await channelWorld(stack.api.url);
    const socket = await stack.connect(members[0], community);
    const join = await ack(socket, 'join', payload);
    expect(join).toEqual({
      joined: [],
      rejected: [],
      error: expect.objectContaining({ code: 'validation_failed', message: expect.any(String) }),
    });
    const leave = await ack(socket, 'leave', payload);
    expect(leave).toEqual({ left: [], error: expect.objectContaining({ code: 'validation_failed' }) });
    expect(roomsOf(community.namespace, socket.id)).toEqual([]);
    // Still served afterwards.
    expect(await ack(socket, 'join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
  });

  it('refuses a join sent with no payload but an ack', async () => {
    const { community, members } = await channelWorld(stack.api.url);
    const socket = await stack.connect(members[0], community);
    expect(await rawAck(socket, 'join', [])).toEqual({
      joined: [],
      rejected: [],
      error: expect.objectContaining({ code: 'validation_failed' }),
    });
  });
});
