import { randomUUID } from 'node:crypto';
import { LIMITS } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { querySql } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack, rawAck, rawEmit, ReceivedEvents, type TestClient } from './support/socket-clients';

/** Whatever a client sends, it gets a clear answer and the server keeps serving. */
describe('chat payload validation', () => {
  const stack = useChatStack();

  async function pair() {
    const { community, channel, owner, members } = await channelWorld(stack.api.url);
    const sender = await stack.connect(owner, community);
    const receiver = await stack.connect(members[0], community);
    for (const s of [sender, receiver]) await ack(s, 'join', { channels: [channel.id] });
    return { channelId: channel.id, sender, receiver, received: new ReceivedEvents(receiver) };
  }

  /** The next valid message is the first and only thing the receiver ever got, and the only row. */
  async function expectNothingBefore(sender: TestClient, channelId: string, received: ReceivedEvents) {
    const result = await ack(sender, 'chat', { chatType: 'new', channelId, content: 'valid', clientMsgId: randomUUID() });
    expect(result).toMatchObject({ written: true, chatInfo: { seq: 1, content: 'valid' } });
    await expectEventually(() => expect(received.events).toHaveLength(1));
    expect(received.events).toEqual([{ event: 'new-chat', payload: expect.objectContaining({ content: 'valid' }) }]);
    expect(await querySql('SELECT content FROM messages WHERE channel_id = $1', [channelId])).toEqual([{ content: 'valid' }]);
  }

  type Case = [what: string, payload: (channelId: string) => unknown, where: RegExp];
  const valid = (channelId: string) => ({ chatType: 'new', channelId, content: 'hi', clientMsgId: 'c-1' });
  const cases: Case[] = [
    ['a string', () => 'hello', /chat payload/],
    ['a number', () => 42, /chat payload/],
    ['null', () => null, /chat payload/],
    ['an array', (ch) => [valid(ch)], /chat payload/],
    ['no chatType', (ch) => ({ ...valid(ch), chatType: undefined }), /chatType/],
    ['an unknown chatType', (ch) => ({ ...valid(ch), chatType: 'edit' }), /chatType/],
    ['a new message without clientMsgId', (ch) => ({ ...valid(ch), clientMsgId: undefined }), /clientMsgId/],
    ['an empty clientMsgId', (ch) => ({ ...valid(ch), clientMsgId: '' }), /clientMsgId/],
    ['a clientMsgId of 65 characters', (ch) => ({ ...valid(ch), clientMsgId: 'x'.repeat(LIMITS.clientMsgIdMaxChars + 1) }), /clientMsgId/],
    ['empty content', (ch) => ({ ...valid(ch), content: '' }), /content/],
    ['whitespace-only content', (ch) => ({ ...valid(ch), content: ' \n\t  ' }), /content/],
    ['content of 4001 characters', (ch) => ({ ...valid(ch), content: 'x'.repeat(LIMITS.contentMaxChars + 1) }), /content/],
    ['content that is not a string', (ch) => ({ ...valid(ch), content: { text: 'hi' } }), /content/],
    ['content with control characters', (ch) => ({ ...valid(ch), content: 'bell\u0007' }), /content/],
    ['a channelId that is not a UUID', (ch) => ({ ...valid(ch), channelId: 'general' }), /channelId/],
    ['an unknown field', (ch) => ({ ...valid(ch), pinned: true }), /pinned|unrecognized/i],
    ['a modify without messageId', (ch) => ({ chatType: 'modify', channelId: ch, content: 'x' }), /messageId/],
    ['a delete with content', (ch) => ({ chatType: 'delete', channelId: ch, messageId: randomUUID(), content: 'x' }), /content|unrecognized/i],
  ];

  it.each(cases)('refuses %s with validation_failed, stores and broadcasts nothing', async (_what, payload, where) => {
    const { channelId, sender, received } = await pair();
    const result = await ack(sender, 'chat', payload(channelId));
    expect(result).toEqual({
      written: false,
      error: expect.objectContaining({ code: 'validation_failed', message: expect.stringMatching(where) }),
    });
    await expectNothingBefore(sender, channelId, received);
  });

  it('accepts content of exactly 4000 characters once trimmed', async () => {
    const { channelId, sender } = await pair();
    const content = 'y'.repeat(LIMITS.contentMaxChars);
    const result = await ack(sender, 'chat', { chatType: 'new', channelId, content: `  ${content}\n`, clientMsgId: randomUUID() });
    expect(result).toMatchObject({ written: true, chatInfo: { content } });
  });

  it('refuses extra arguments and a missing payload, with an ack', async () => {
    const { channelId, sender, received } = await pair();
    const extra = await rawAck(sender, 'chat', [{ chatType: 'new', channelId, content: 'a', clientMsgId: 'x' }, 'extra']);
    expect(extra).toEqual({ written: false, error: expect.objectContaining({ code: 'validation_failed' }) });
    expect(await rawAck(sender, 'chat', [])).toEqual({ written: false, error: expect.objectContaining({ code: 'validation_failed' }) });
    await expectNothingBefore(sender, channelId, received);
  });

  it('survives events sent without an ack callback', async () => {
    const { channelId, sender, received } = await pair();
    rawEmit(sender, 'chat', 'garbage');
    rawEmit(sender, 'chat');
    rawEmit(sender, 'join', { channels: 'nope' });
    rawEmit(sender, 'read', null);
    rawEmit(sender, 'leave');
    rawEmit(sender, 'no-such-event', 1, 2, 3);
    await expectNothingBefore(sender, channelId, received);
    expect(sender.connected).toBe(true);
  });

  it('answers an unknown event that expects an ack', async () => {
    const { channelId, sender, received } = await pair();
    expect(await rawAck(sender, 'shout', [{ text: 'hi' }])).toEqual({
      error: { code: 'validation_failed', message: 'unknown event "shout"' },
    });
    await expectNothingBefore(sender, channelId, received);
  });

  it('validates read payloads', async () => {
    const { channelId, sender } = await pair();
    for (const payload of [
      null,
      { channelId },
      { channelId, seq: -1 },
      { channelId, seq: 1.5 },
      { channelId, seq: '3' },
      { channelId: 'x', seq: 1 },
      { channelId, seq: 1, extra: 1 },
    ]) {
      expect(await ack(sender, 'read', payload)).toEqual({ error: expect.objectContaining({ code: 'validation_failed' }) });
    }
  });
});

describe('lone UTF-16 surrogates', () => {
  const stack = useChatStack();

  it('refuses them every time, stores nothing altered, and never fails the other members of the channel', async () => {
    const { community, channel, owner, members } = await channelWorld(stack.api.url);
    const prober = await stack.connect(owner, community);
    const member = await stack.connect(members[0], community);
    for (const s of [prober, member]) await ack(s, 'join', { channels: [channel.id] });

    const probes = Array.from({ length: 10 }, (_, i) =>
      ack(prober, 'chat', { chatType: 'new', channelId: channel.id, content: i % 2 ? 'hi \ud800' : 'hi', clientMsgId: 'id\ud800' }),
    );
    const others = Array.from({ length: 30 }, (_, i) =>
      ack(member, 'chat', { chatType: 'new', channelId: channel.id, content: `fine ${i}`, clientMsgId: randomUUID() }),
    );
    const [probeResults, otherResults] = await Promise.all([Promise.all(probes), Promise.all(others)]);
    expect(new Set(probeResults.map((r) => (r.written ? 'written' : r.error.code)))).toEqual(new Set(['validation_failed']));
    expect(otherResults.filter((r) => !r.written)).toEqual([]);
    const rows = await querySql<{ client_msg_id: string; content: string }>(
      'SELECT client_msg_id, content FROM messages WHERE channel_id = $1',
      [channel.id],
    );
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.client_msg_id.includes('\ufffd') || r.content.includes('\ufffd'))).toEqual([]);
  });
});

describe('chat rate limit', () => {
  const stack = useChatStack({ chatRate: { perSecond: 1, burst: 3 } });

  it('refuses a socket going over its budget with rate_limited, and broadcasts only what was written', async () => {
    const { community, channel, owner, members } = await channelWorld(stack.api.url);
    const sender = await stack.connect(owner, community);
    const receiver = await stack.connect(members[0], community);
    for (const s of [sender, receiver]) await ack(s, 'join', { channels: [channel.id] });
    const received = new ReceivedEvents(receiver);

    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        ack(sender, 'chat', { chatType: 'new', channelId: channel.id, content: `m${i}`, clientMsgId: randomUUID() }),
      ),
    );
    expect(results.filter((r) => r.written)).toHaveLength(3);
    const refused = results.filter((r) => !r.written);
    expect(refused).toEqual([
      { written: false, error: { code: 'rate_limited', message: expect.any(String) } },
      { written: false, error: { code: 'rate_limited', message: expect.any(String) } },
    ]);
    // Another socket has a budget of its own.
    const other = await ack(receiver, 'chat', { chatType: 'new', channelId: channel.id, content: 'mine', clientMsgId: randomUUID() });
    expect(other.written).toBe(true);
    await expectEventually(() => expect(received.of('new-chat')).toHaveLength(3));
    expect(await querySql('SELECT id FROM messages WHERE channel_id = $1', [channel.id])).toHaveLength(4);
  });
});
