import { uniqueName } from '../../api/test/support';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/** The channel around the messages in a real browser: its topic, who is in it, leaving it. */
jest.setTimeout(120_000);

describe('web client channel header', () => {
  const suite = browserSuite();

  it('sets a topic another member sees, lists the members, and leaves the channel', async () => {
    const alice = new ChatPage(await suite.openPage());
    const bob = new ChatPage(await suite.openPage());
    const [aliceName, bobName] = [uniqueName('alice'), uniqueName('bob')];
    await alice.signIn(aliceName);
    await bob.signIn(bobName);
    await alice.createCommunity(`Crew ${uniqueName('c').slice(-6)}`);
    await alice.addMember(bobName);
    await alice.createChannel('lobby');
    await bob.page.reload();
    await bob.joinChannel('lobby');

    await alice.page.getByRole('button', { name: 'Add a topic' }).click();
    const input = alice.page.getByRole('textbox', { name: 'Channel topic' });
    await input.fill('Launch checklist');
    await input.press('Enter');
    await alice.page.getByRole('button', { name: 'Topic: Launch checklist. Edit topic' }).waitFor();

    await bob.page.reload();
    await bob.openChannel('lobby');
    await bob.page.getByRole('button', { name: 'Topic: Launch checklist. Edit topic' }).waitFor();

    await bob.page.getByRole('button', { name: 'Members', exact: true }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'Members of #lobby' });
    const list = dialog.getByRole('list', { name: 'Channel members' });
    await list.getByText(aliceName).waitFor();
    await list.getByText(bobName).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);

    await dialog.getByRole('button', { name: 'Leave channel' }).click();
    await dialog.getByRole('alertdialog', { name: 'Leave channel?' }).getByRole('button', { name: 'Leave' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Out of #lobby: the page falls back to the community's default channel, and #lobby leaves the sidebar.
    await bob.page.locator('.channel-title', { hasText: 'town-square' }).waitFor();
    await bob.page.locator('.sidebar [data-channel="lobby"]').waitFor({ state: 'detached' });

    // Alice's list now has her alone.
    await alice.page.getByRole('button', { name: 'Members', exact: true }).click();
    const aliceList = alice.page.getByRole('dialog', { name: 'Members of #lobby' }).getByRole('list', { name: 'Channel members' });
    await aliceList.getByText(aliceName).waitFor();
    expect(await aliceList.getByRole('listitem').count()).toBe(1);
  });
});
