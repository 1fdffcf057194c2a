import { randomUUID } from 'node:crypto';
import { expectEventually } from '../../../test/support/expect-eventually';
import { querySql } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack, rawAck, rawEmit, ReceivedEvents } from './support/socket-clients';

/** `typing` reaches the room's other members, is never stored, and is rate-limited. */
describe('typing', () => {
  const stack = useChatStack();

  async function room() {
    const world = await channelWorld(stack.api.url, { members: 2 });
    const [typist, listener, outsider] = [
      await stack.connect(world.owner, world.community),
      await stack.connect(world.members[0], world.community),
      await stack.connect(world.members[1], world.community),
    ];
    for (const s of [typist, listener]) await ack(s, 'join', { channels: [world.channel.id] });
    return { ...world, typist, listener, outsider };
  }

  it('relays typing to the other members of the room only, sender excluded, and stores nothing', async () => {
    const { channel, owner, typist, listener, outsider } = await room();
    const heardByListener = new ReceivedEvents(listener, ['typing']);
    const heardByTypist = new ReceivedEvents(typist, ['typing']);
    const heardByOutsider = new ReceivedEvents(outsider, ['typing']);

    expect(await rawAck(typist, 'typing', [{ channelId: channel.id }])).toEqual({ ok: true });
    await expectEventually(() =>
      expect(heardByListener.of('typing')).toEqual([{ channelId: channel.id, user: { id: owner.user.id, username: owner.user.username } }]),
    );
    // A later chat is delivered after any typing notice would have been: the others never got one.
    const sent = await ack(typist, 'chat', { chatType: 'new', channelId: channel.id, content: 'done', clientMsgId: randomUUID() });
    expect(sent.written).toBe(true);
    await expectEventually(() => expect(new Set(heardByListener.events.map((e) => e.event))).toEqual(new Set(['typing'])));
    expect(heardByTypist.events).toEqual([]);
    expect(heardByOutsider.events).toEqual([]);
    expect(await querySql('SELECT count(*)::int AS n FROM messages WHERE channel_id = $1', [channel.id])).toEqual([{ n: 1 }]);
  });

  it('refuses typing in a channel the socket has not joined, and invalid payloads', async () => {
    const { channel, outsider } = await room();
    expect(await rawAck(outsider, 'typing', [{ channelId: channel.id }])).toEqual({ error: expect.objectContaining({ code: 'forbidden' }) });
    for (const payload of [null, 'x', { channelId: 'general' }, { channelId: channel.id, extra: 1 }]) {
      expect(await rawAck(outsider, 'typing', [payload])).toEqual({ error: expect.objectContaining({ code: 'validation_failed' }) });
    }
    rawEmit(outsider, 'typing', 42);
    expect(await rawAck(outsider, 'typing', [{ channelId: channel.id }])).toEqual({ error: expect.objectContaining({ code: 'forbidden' }) });
  });

  it('rate-limits a socket that sends typing notices in a burst', async () => {
    const { channel, typist } = await room();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await rawAck(typist, 'typing', [{ channelId: channel.id }]));
    expect(answers.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(answers.slice(3)).toContainEqual({ error: expect.objectContaining({ code: 'rate_limited' }) });
  });
});
