import { expectEventually } from '../../../test/support/expect-eventually';
import { uniqueName } from '../../api/test/support';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/** Threads and reactions between two people in real browsers, live on both sides. */
jest.setTimeout(120_000);

describe('web client threads and reactions', () => {
  const suite = browserSuite();

  /** Alice and Bob in a community of Alice's, both in #lobby. */
  async function aliceAndBob(): Promise<{ alice: ChatPage; bob: ChatPage }> {
    const alice = new ChatPage(await suite.openPage());
    const bob = new ChatPage(await suite.openPage());
    const bobName = uniqueName('bob');
    await alice.signIn(uniqueName('alice'));
    await bob.signIn(bobName);
    await alice.createCommunity(`Team ${uniqueName('c').slice(-6)}`);
    await alice.addMember(bobName);
    await alice.createChannel('lobby');
    await bob.page.reload();
    await bob.joinChannel('lobby');
    return { alice, bob };
  }

  it('replies in a thread: the root counts them live, the replies stay out of the channel', async () => {
    const { alice, bob } = await aliceAndBob();
    await alice.send('Shall we ship on Friday?');
    await bob.message('Shall we ship on Friday?').waitFor();

    await bob.openThread('Shall we ship on Friday?');
    await bob.replyInThread('Friday works for me');
    await bob.threadPane().getByTestId('message').filter({ hasText: 'Friday works for me' }).waitFor();

    // Alice never reloads: the root's summary appears live, and the reply is not a channel message.
    const summary = (await alice.messageRow('Shall we ship on Friday?')).getByRole('button', { name: 'Open thread, 1 reply' });
    await summary.waitFor();
    expect(await alice.page.locator('.channel-view').getByTestId('message').filter({ hasText: 'Friday works for me' }).count()).toBe(0);

    await alice.openThread('Shall we ship on Friday?');
    const replies = alice.threadPane().getByTestId('thread-replies');
    await replies.getByTestId('message').filter({ hasText: 'Friday works for me' }).waitFor();
    await alice.replyInThread('Great, Friday it is');
    await bob.threadPane().getByTestId('message').filter({ hasText: 'Great, Friday it is' }).waitFor();
    await (await bob.messageRow('Shall we ship on Friday?')).getByRole('button', { name: 'Open thread, 2 replies' }).waitFor();

    // Escape closes the pane.
    await alice.page.keyboard.press('Escape');
    await alice.threadPane().waitFor({ state: 'detached' });
  });

  it('reacts from the picker and by chip: counts and my highlight follow live on both sides', async () => {
    const { alice, bob } = await aliceAndBob();
    await bob.send('The release notes are up');
    await alice.message('The release notes are up').waitFor();

    await alice.reactWithPicker('The release notes are up', 'party', 'party popper');
    const bobsChip = await bob.reaction('The release notes are up', '🎉');
    await expectEventually(async () => expect(await bobsChip.textContent()).toBe('🎉1'), 10_000);
    expect(await bobsChip.getAttribute('aria-pressed')).toBe('false');

    await bobsChip.click();
    const alicesChip = await alice.reaction('The release notes are up', '🎉');
    await expectEventually(async () => expect(await alicesChip.textContent()).toBe('🎉2'), 10_000);
    await expectEventually(async () => expect(await bobsChip.getAttribute('aria-pressed')).toBe('true'), 10_000);
    expect(await alicesChip.getAttribute('aria-pressed')).toBe('true');

    // Bob takes his back: one left, no longer his.
    await bobsChip.click();
    await expectEventually(async () => expect(await alicesChip.textContent()).toBe('🎉1'), 10_000);
    await expectEventually(async () => expect(await bobsChip.getAttribute('aria-pressed')).toBe('false'), 10_000);
  });
});
