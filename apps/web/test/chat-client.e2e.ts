import { expectEventually } from '../../../test/support/expect-eventually';
import { addCommunityMember, loginAs, postMessages, uniqueName, type TestUser } from '../../api/test/support';
import { ChatClient, webStorageOutbox, type OutboxStorage } from '../../../libs/client/src';
import { startWebStack, type WebStack } from './support/web-stack';

/**
 * The client library on its own, in Node, against the real API and socket server: multiplexing,
 * gap fill from a skipped seq, and catching up (and resending) after the socket server restarts.
 */
jest.setTimeout(60_000);

describe('ChatClient against the real stack', () => {
  let stack: WebStack;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    stack = await startWebStack();
  });

  afterEach(() => {
    clients.splice(0).forEach((c) => c.stop());
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function signIn(user: TestUser, outboxStorage?: OutboxStorage, headsCheckMs?: number): Promise<ChatClient> {
    const client = new ChatClient({
      outboxStorage,
      headsCheckMs,
      token: user.token,
      baseUrl: stack.apiUrl,
      refreshIntervalMs: 0,
      managerOptions: { reconnectionDelay: 100, reconnectionDelayMax: 400 },
      retryPolicy: { baseDelayMs: 100, maxDelayMs: 400 },
    });
    clients.push(client);
    await client.start();
    return client;
  }

  function allConnected(client: ChatClient): void {
    const communities = client.store.getState().communities;
    expect(communities.length).toBeGreaterThan(0);
    expect(communities.map((c) => c.connection)).toEqual(communities.map(() => 'connected'));
  }

  function contents(client: ChatClient, channelId: string): string[] {
    return client.store.channel(channelId)?.messages.map((m) => m.content) ?? [];
  }

  /** Alice owns a community with a channel; Bob is in both and has the channel open. */
  async function aliceAndBob() {
    const aliceUser = await loginAs(stack.apiUrl, uniqueName('alice'));
    const bobUser = await loginAs(stack.apiUrl, uniqueName('bob'));
    const alice = await signIn(aliceUser);
    const community = await alice.createCommunity(uniqueName('community'));
    const channel = await alice.createChannel(community.id, 'lobby', false);
    await addCommunityMember(stack.apiUrl, aliceUser, community.id, bobUser.user.id);
    const bob = await signIn(bobUser);
    await bob.joinChannel(channel.id);
    await bob.openChannel(channel.id);
    await alice.openChannel(channel.id);
    await expectEventually(() => (allConnected(alice), allConnected(bob)), 10_000);
    return { alice, bob, aliceUser, bobUser, community, channel };
  }

  it('multiplexes every community of a user over one connection', async () => {
    const alice = await signIn(await loginAs(stack.apiUrl, uniqueName('alice')));
    await alice.createCommunity(uniqueName('one'));
    await alice.createCommunity(uniqueName('two'));
    await expectEventually(() => allConnected(alice), 10_000);
    expect(alice.store.getState().communities).toHaveLength(2);
    expect(stack.socket()!.io.engine.clientsCount).toBe(1);
  });

  it('keeps an open thread and reactions live on both sides', async () => {
    const { alice, bob, channel } = await aliceAndBob();
    alice.send(channel.id, 'root message');
    await expectEventually(() => expect(contents(bob, channel.id)).toEqual(['root message']), 10_000);
    const root = bob.store.channel(channel.id)!.messages[0];
    await alice.openThread(channel.id, root.id);
    const reply = bob.sendReply(channel.id, root.id, 'a reply');
    expect(reply.threadRootId).toBe(root.id);
    await expectEventually(() => {
      const thread = alice.store.channel(channel.id)!.thread!;
      expect(thread.replies.map((m) => m.content)).toEqual(['a reply']);
      expect(thread.root?.thread?.replyCount).toBe(1);
      // The channel keeps the reply as a message of its own (contiguous seqs), and the root's summary.
      expect(alice.store.channel(channel.id)!.messages.map((m) => [m.seq, m.threadRootId ?? null])).toEqual([
        [1, null],
        [2, root.id],
      ]);
      expect(alice.store.channel(channel.id)!.messages[0].thread?.replyCount).toBe(1);
    }, 10_000);
    expect(bob.store.channel(channel.id)!.outbox).toEqual([]);

    await bob.react(channel.id, root.id, '🎉', 'add');
    await expectEventually(() => {
      expect(alice.store.channel(channel.id)!.messages[0].reactions).toEqual([{ emoji: '🎉', count: 1, me: false }]);
      expect(alice.store.channel(channel.id)!.thread!.root?.reactions).toEqual([{ emoji: '🎉', count: 1, me: false }]);
      expect(bob.store.channel(channel.id)!.messages[0].reactions).toEqual([{ emoji: '🎉', count: 1, me: true }]);
    }, 10_000);
    await expect(bob.react(channel.id, root.id, 'nope', 'add')).rejects.toMatchObject({ code: 'validation_failed' });
    alice.closeThread(channel.id);
    expect(alice.store.channel(channel.id)!.thread).toBeUndefined();
  });

  it('shows a new direct conversation, mentions and a read marker moved in another session, live', async () => {
    const { alice, bob, bobUser, community, channel } = await aliceAndBob();
    const bobElsewhere = await signIn(bobUser);
    await expectEventually(() => allConnected(bobElsewhere), 10_000);

    // Alice opens a DM with bob: with polling off, only the user event can tell bob of it.
    const dmId = await alice.openDirectConversation(community.id, [bobUser.user.id]);
    await expectEventually(() => expect(bob.store.community(community.id)?.dmIds).toEqual([dmId]), 10_000);
    expect(bob.store.channel(dmId)).toMatchObject({ kind: 'dm', isMember: true });
    alice.send(dmId, 'psst');
    await expectEventually(() => expect(bob.store.channel(dmId)).toMatchObject({ unread: 1, mentions: 1 }), 10_000);

    // A mention by name in the channel bob has open counts as one; plain text does not.
    alice.send(channel.id, `hey @${bobUser.user.username}`);
    alice.send(channel.id, 'no mention');
    await expectEventually(() => expect(bob.store.channel(channel.id)).toMatchObject({ unread: 2, mentions: 1 }), 10_000);

    // Bob reads in one session: the other session's badges clear too.
    await expectEventually(() => expect(bobElsewhere.store.channel(channel.id)).toMatchObject({ unread: 2, mentions: 1 }), 10_000);
    bob.markRead(channel.id, bob.store.channel(channel.id)!.lastSeq);
    await expectEventually(() => expect(bobElsewhere.store.channel(channel.id)).toMatchObject({ unread: 0, mentions: 0 }), 10_000);
  });

  it('forgets what it knew of a channel it left: rejoined, unread counts from the start and reading is saved again', async () => {
    const { alice, bob, bobUser, channel } = await aliceAndBob();
    alice.send(channel.id, 'one');
    alice.send(channel.id, 'two');
    await expectEventually(() => expect(contents(bob, channel.id)).toEqual(['one', 'two']), 10_000);
    bob.markRead(channel.id, 2);
    await expectEventually(
      async () =>
        expect((await bob.rest.listChannels(bob.store.channel(channel.id)!.communityId)).find((c) => c.id === channel.id)?.lastReadSeq).toBe(2),
      10_000,
    );

    await bob.leaveChannel(channel.id);
    expect(bob.store.channel(channel.id)).toMatchObject({ isMember: false, lastReadSeq: 0, loaded: false, messages: [] });
    await bob.joinChannel(channel.id);
    // The server counts from the start again, and so does the client.
    await expectEventually(() => expect(bob.store.channel(channel.id)).toMatchObject({ isMember: true, lastReadSeq: 0, unread: 2 }), 10_000);
    await bob.openChannel(channel.id);
    bob.markRead(channel.id, 2);
    const communityId = bob.store.channel(channel.id)!.communityId;
    await expectEventually(
      async () => expect((await bob.rest.listChannels(communityId)).find((c) => c.id === channel.id)?.lastReadSeq).toBe(2),
      10_000,
    );
    expect(bobUser.user.id).toBe(bob.store.getState().me?.id);
  });

  it('fills a gap when a broadcast skips seqs, in order and without duplicates', async () => {
    const { alice, bob, aliceUser, community, channel } = await aliceAndBob();
    // Written through the API directly: stored, but never broadcast, so Bob misses them.
    await postMessages(stack.apiUrl, aliceUser, community.id, channel.id, ['missed 1', 'missed 2', 'missed 3']);
    alice.send(channel.id, 'live 4');
    await expectEventually(() => expect(contents(bob, channel.id)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live 4']), 10_000);
    expect(bob.store.channel(channel.id)!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(bob.store.channel(channel.id)!.unread).toBe(4);
  });

  it('finds a message whose broadcast never came when the channel stays quiet, without waiting for the refresh', async () => {
    const { bob, aliceUser, bobUser, community, channel } = await aliceAndBob();
    bob.stop();
    const quietBob = await signIn(bobUser, undefined, 1000);
    await quietBob.openChannel(channel.id);
    await expectEventually(() => allConnected(quietBob), 10_000);
    // Stored, never broadcast, and nothing after it would reveal the gap (refresh polling is off here).
    await postMessages(stack.apiUrl, aliceUser, community.id, channel.id, ['lost broadcast']);
    const postedAt = Date.now();
    await expectEventually(() => expect(contents(quietBob, channel.id)).toEqual(['lost broadcast']), 5000, 50);
    expect(Date.now() - postedAt).toBeLessThan(2500);
  });

  it('catches up and resends after the socket server restarts, storing each message once', async () => {
    const { alice, bob, aliceUser, community, channel } = await aliceAndBob();
    alice.send(channel.id, 'before');
    await expectEventually(() => expect(contents(bob, channel.id)).toEqual(['before']), 10_000);

    await stack.stopSocket();
    await expectEventually(() => expect(bob.store.community(community.id)!.connection).toBe('reconnecting'), 10_000);
    const queued = bob.send(channel.id, 'sent while offline');
    await expectEventually(() => expect(bob.store.channel(channel.id)!.outbox[0]?.status).toBe('failed'), 5_000);
    await postMessages(stack.apiUrl, aliceUser, community.id, channel.id, ['while bob was away']);
    await stack.startSocket();

    await expectEventually(() => {
      expect(bob.store.channel(channel.id)!.outbox).toEqual([]);
      expect(contents(bob, channel.id)).toEqual(['before', 'while bob was away', 'sent while offline']);
    }, 15_000);
    await expectEventually(() => expect(contents(alice, channel.id)).toContain('sent while offline'), 10_000);
    const history = await bob.rest.history(channel.id);
    expect(history.messages.filter((m) => m.clientMsgId === queued.clientMsgId)).toHaveLength(1);
  });

  it('sends messages left unconfirmed by an earlier session, once', async () => {
    const { bob, bobUser, channel } = await aliceAndBob();
    const data = new Map<string, string>();
    const storage = webStorageOutbox('outbox', {
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
      removeItem: (k) => void data.delete(k),
    });
    bob.stop();
    const first = await signIn(bobUser, storage);
    await stack.stopSocket();
    await expectEventually(() => expect(first.store.getState().communities[0].connection).toBe('reconnecting'), 10_000);
    const queued = first.send(channel.id, 'written before the page closed');
    await expectEventually(() => expect(data.get('outbox')).toContain(queued.clientMsgId), 5_000);
    first.stop();

    await stack.startSocket();
    const second = await signIn(bobUser, storage);
    await second.openChannel(channel.id);
    await expectEventually(() => {
      expect(contents(second, channel.id)).toEqual(['written before the page closed']);
      expect(second.store.channel(channel.id)!.outbox).toEqual([]);
      expect(data.has('outbox')).toBe(false);
    }, 15_000);
  });
});
