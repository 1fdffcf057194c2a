import { expectEventually } from '../../../test/support/expect-eventually';
import { loginAs, postMessages, uniqueName } from '../../api/test/support';
import { screenshot } from './support/browser';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/**
 * The web client in a real browser against the real API and socket server: what two people see
 * while they chat, and what one sees when the API goes away and comes back.
 */
jest.setTimeout(120_000);

describe('web client', () => {
  const suite = browserSuite();

  async function person(viewport?: { width: number; height: number }): Promise<ChatPage> {
    return new ChatPage(await suite.openPage(viewport));
  }

  it('lets two people chat live: community, members, channels, unread, edit, delete, history', async () => {
    const alice = await person();
    const bob = await person();
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    const community = `Acme ${uniqueName('c').slice(-6)}`;

    await alice.signIn(aliceName);
    await bob.signIn(bobName);
    await alice.createCommunity(community);
    await alice.addMember(bobName);
    await alice.createChannel('random');
    await alice.createChannel('lobby');

    // Bob opens the app again and finds the community he was added to, then joins both channels.
    await bob.page.reload();
    await bob.page.locator('.sidebar-title h2', { hasText: community }).waitFor();
    await bob.joinChannel('random');
    await bob.joinChannel('lobby');

    await alice.send('Hello Bob, welcome to lobby!');
    await bob.message('Hello Bob, welcome to lobby!').waitFor();
    await bob.send('Thanks Alice — glad to be here.');
    await alice.message('Thanks Alice — glad to be here.').waitFor();
    await alice.send('Here is the plan for this week:\n• ship the web client\n• review the socket gateway');
    await bob.message('ship the web client').waitFor();

    // Bob looks at #random; what Alice writes in #lobby shows up as an unread badge.
    await bob.openChannel('random');
    await alice.send('Ping while you are away');
    await expectEventually(async () => expect(await bob.channelBadge('lobby').textContent()).toBe('1'), 10_000);
    await bob.openChannel('lobby');
    await bob.message('Ping while you are away').waitFor();
    await bob.openChannel('random');
    expect(await bob.channelBadge('lobby').count()).toBe(0);
    await bob.openChannel('lobby');

    // Edits and deletes reach the other side live.
    await alice.editMessage('Ping while you are away', 'Ping (edited by Alice)');
    await bob.message('Ping (edited by Alice)').filter({ hasText: '(edited)' }).waitFor();
    await alice.deleteMessage('Hello Bob, welcome to lobby!');
    await bob.page.getByTestId('message').filter({ hasText: 'This message was deleted.' }).waitFor();
    expect(await bob.message('Hello Bob, welcome to lobby!').count()).toBe(0);

    await alice.message('Thanks Alice').waitFor();
    await screenshot(alice.page, 'chat-alice');

    // After a reload the history is all there, in order, each message once, and all of it read.
    await bob.page.reload();
    await bob.message('Ping (edited by Alice)').waitFor();
    expect(await bob.page.locator('.new-divider').count()).toBe(0);
    expect(await bob.channelBadge('random').count()).toBe(0);
    const texts = await bob.page.getByTestId('message').locator('.message-text').allTextContents();
    expect(texts).toEqual([
      'This message was deleted.',
      'Thanks Alice — glad to be here.',
      'Here is the plan for this week:\n• ship the web client\n• review the socket gateway',
      'Ping (edited by Alice) (edited)',
    ]);
    await screenshot(bob.page, 'chat-bob-after-reload');
  });

  it('fits a phone: the channel list and a channel one at a time, back and forth', async () => {
    const phone = await person({ width: 390, height: 844 });
    const { page } = phone;
    const sidebar = page.locator('.sidebar');
    const channelView = page.locator('.channel-view');
    const back = page.getByRole('button', { name: 'Back to channels' });
    await phone.signIn(uniqueName('pat'));
    await phone.createCommunity(`Pocket ${uniqueName('c').slice(-6)}`);
    await phone.createChannel('random');
    // A new channel opens full screen: the navigation steps aside.
    expect(await sidebar.isVisible()).toBe(false);
    await phone.send('hello from a phone');
    await phone.message('hello from a phone').waitFor();
    const fitsWidth = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, 'phone-channel');

    await back.click();
    await sidebar.waitFor();
    expect(await channelView.isVisible()).toBe(false);
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, 'phone-channel-list');
    await phone.createChannel('lobby');
    await back.click();
    await phone.openChannel('random');
    await phone.message('hello from a phone').waitFor();
    expect(await sidebar.isVisible()).toBe(false);

    // Wider again: both side by side, and no back button.
    await page.setViewportSize({ width: 1280, height: 800 });
    await sidebar.waitFor();
    expect(await channelView.isVisible()).toBe(true);
    expect(await back.isVisible()).toBe(false);
  });

  it('shows who is typing', async () => {
    const alice = await person();
    const bob = await person();
    const bobName = uniqueName('bob');
    await alice.signIn(uniqueName('alice'));
    await bob.signIn(bobName);
    await alice.createCommunity(`Typing ${uniqueName('c').slice(-6)}`);
    await alice.addMember(bobName);
    await alice.createChannel('lobby');
    await bob.page.reload();
    await bob.joinChannel('lobby');

    await bob.page.getByRole('textbox', { name: 'Message #lobby' }).pressSequentially('I am writ', { delay: 30 });
    await alice.page.locator('.typing', { hasText: `${bobName} is typing…` }).waitFor({ timeout: 10_000 });
  });

  it('shows a message sent while the API is down as failed, and sends it once the API is back', async () => {
    const carol = await person();
    await carol.signIn(uniqueName('carol'));
    await carol.createCommunity(`Outage ${uniqueName('c').slice(-6)}`);
    await carol.createChannel('incidents');
    await carol.send('Before the outage');
    await carol.message('Before the outage').waitFor();

    await suite.stack.stopApi();
    try {
      await carol.send('Written while the API is down');
      const failed = carol.outgoing('Written while the API is down');
      await failed.and(carol.page.locator('[data-status="failed"]')).waitFor({ timeout: 15_000 });
      expect(await failed.textContent()).toContain('Not sent');
      await screenshot(carol.page, 'send-failed');
    } finally {
      await suite.stack.startApi();
    }

    await carol.outgoing('Written while the API is down').getByRole('button', { name: 'Retry' }).click();
    await carol.message('Written while the API is down').waitFor({ timeout: 15_000 });
    expect(await carol.page.getByTestId('outgoing').count()).toBe(0);

    // Stored exactly once, however many retries it took.
    await carol.page.reload();
    await carol.message('Before the outage').waitFor();
    expect(await carol.message('Written while the API is down').count()).toBe(1);
  });

  it('says when the live connection is lost, and shows what was missed once it is back', async () => {
    const dave = await person();
    const daveName = uniqueName('dave');
    await dave.signIn(daveName);
    await dave.createCommunity(`Restart ${uniqueName('c').slice(-6)}`);
    await dave.createChannel('ops');
    await dave.send('Socket server going down for a restart');
    await dave.message('Socket server going down').waitFor();

    await suite.stack.stopSocket();
    try {
      await dave.page.locator('.conn-banner', { hasText: 'Reconnecting' }).waitFor({ timeout: 15_000 });
      await screenshot(dave.page, 'reconnecting');
      // Written through the API while Dave's socket is away: no broadcast reaches him.
      const me = await loginAs(suite.stack.apiUrl, daveName);
      const { communities } = (await (await fetch(`${suite.stack.apiUrl}/api/me`, { headers: me.auth })).json()) as {
        communities: { id: string }[];
      };
      const channels = (await (
        await fetch(`${suite.stack.apiUrl}/api/communities/${communities[0].id}/channels`, { headers: me.auth })
      ).json()) as {
        id: string;
        name: string;
      }[];
      const ops = channels.find((c) => c.name === 'ops')!;
      await postMessages(suite.stack.apiUrl, me, communities[0].id, ops.id, ['Written while the socket was down']);
    } finally {
      await suite.stack.startSocket();
    }

    await dave.message('Written while the socket was down').waitFor({ timeout: 20_000 });
    await dave.page.locator('.conn-banner').waitFor({ state: 'detached', timeout: 10_000 });
  });
});
