import { expectEventually } from '../../../test/support/expect-eventually';
import { uniqueName } from '../../api/test/support';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/**
 * Reaching people in real browsers: direct messages that appear live, mentions (autocomplete, chips,
 * badges, the tab title), desktop notifications while the tab is hidden (per conversation muted),
 * and a badge cleared in one tab clearing in the other.
 */
jest.setTimeout(120_000);

/**
 * Page code, before the app loads: a Notification that records instead of showing (Chromium headless
 * shows none), already permitted, and a visibility the test can flip to "hidden".
 */
const FAKE_NOTIFICATIONS = `
  window.__notes = [];
  window.__hidden = false;
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { window.__notes.push({ title, body: options && options.body }); }
    close() {}
  }
  window.Notification = RecordedNotification;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
`;

describe('web client: direct messages, mentions and notifications', () => {
  const suite = browserSuite();

  async function person(options: { notifications?: boolean } = {}): Promise<ChatPage> {
    const page = await suite.openPage();
    if (options.notifications) await page.addInitScript(FAKE_NOTIFICATIONS);
    return new ChatPage(page);
  }

  const notes = (page: ChatPage) => page.page.evaluate<{ title: string; body: string }[]>('window.__notes');
  const hide = (page: ChatPage, hidden: boolean) => page.page.evaluate(`window.__hidden = ${hidden}`);
  const dmLink = (page: ChatPage, title: string) => page.page.locator(`.channel-item[data-dm="${title}"]`);

  /** Alice and Bob in Alice's community (both in its #town-square from the start). */
  async function aliceAndBob(bob: ChatPage) {
    const alice = await person();
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    await alice.signIn(aliceName);
    await bob.signIn(bobName);
    await alice.createCommunity(`Team ${uniqueName('c').slice(-6)}`);
    await alice.addMember(bobName);
    return { alice, aliceName, bobName };
  }

  it('shows a new DM to bob live, with a mention badge, the count in the title and a notification; muted, only the badge', async () => {
    const bob = await person({ notifications: true });
    const { alice, aliceName, bobName } = await aliceAndBob(bob);
    // Bob is added to the community while looking at nothing: it appears without a reload, at #town-square.
    await bob.page.locator('.channel-title', { hasText: 'town-square' }).waitFor({ timeout: 10_000 });

    await alice.page.getByRole('button', { name: 'New direct message' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'New direct message' });
    await dialog.getByLabel('To').fill(bobName);
    await dialog.getByRole('button', { name: 'Open' }).click();
    await alice.page.locator('.channel-title', { hasText: bobName }).waitFor();
    await dmLink(bob, aliceName).waitFor({ timeout: 5000 });

    await hide(bob, true);
    const composer = alice.page.getByRole('textbox', { name: `Message ${bobName}` });
    await composer.fill('psst, got a minute?');
    await composer.press('Enter');
    const badge = dmLink(bob, aliceName).locator('.badge-mention');
    await expectEventually(async () => expect(await badge.textContent()).toBe('1'), 10_000);
    await expectEventually(async () => expect(await bob.page.title()).toBe('(1) Commu Chat'), 5000);
    await expectEventually(async () => expect(await notes(bob)).toEqual([{ title: aliceName, body: 'psst, got a minute?' }]), 5000);

    // Bob reads it: badge and title clear. Then he mutes the conversation.
    await hide(bob, false);
    await dmLink(bob, aliceName).click();
    await bob.message('psst, got a minute?').waitFor();
    await expectEventually(async () => expect(await bob.page.title()).toBe('Commu Chat'), 5000);
    await bob.page.getByRole('button', { name: 'Mute' }).click();
    await bob.page.getByRole('button', { name: 'Unmute' }).waitFor();
    await bob.openChannel('town-square');
    await hide(bob, true);
    await composer.fill('still there?');
    await composer.press('Enter');
    await expectEventually(async () => expect(await badge.textContent()).toBe('1'), 10_000);
    expect(await notes(bob)).toHaveLength(1);
  });

  it('completes @names in the composer, and the mention stands out for the person named', async () => {
    const bob = await person();
    const { alice, bobName } = await aliceAndBob(bob);
    await alice.openChannel('town-square');
    await bob.page.locator('.channel-title', { hasText: 'town-square' }).waitFor({ timeout: 10_000 });
    await alice.createChannel('random');
    await bob.page.reload();
    await bob.joinChannel('random');

    const composer = alice.composer();
    await alice.openChannel('town-square');
    await composer.pressSequentially(`ping @${bobName.slice(0, 5)}`, { delay: 20 });
    const suggestions = alice.page.getByRole('listbox', { name: 'People to mention' });
    await suggestions.getByRole('option', { name: `@${bobName}` }).waitFor();
    await composer.press('Enter');
    await suggestions.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe(`ping @${bobName} `);
    await composer.pressSequentially('the deploy is done');
    await composer.press('Enter');

    // Bob is in #random: #town-square gets a mention badge; opened, the row and his chip stand out.
    const badge = bob.channelLink('town-square').locator('.badge-mention');
    await expectEventually(async () => expect(await badge.textContent()).toBe('1'), 10_000);
    await bob.openChannel('town-square');
    const row = bob.message('the deploy is done');
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('mentions-me');
    expect(await row.locator('.mention.mention-me').textContent()).toBe(`@${bobName}`);
    expect(await alice.message('the deploy is done').locator('.mention:not(.mention-me)').count()).toBe(1);
  });

  it('clears a badge in every tab once it is read in one', async () => {
    const bob = await person();
    const { alice, bobName } = await aliceAndBob(bob);
    await alice.createChannel('random');
    await bob.page.reload();
    await bob.joinChannel('random');
    const bobsOtherTab = await person();
    await bobsOtherTab.signIn(bobName);
    await bobsOtherTab.openChannel('random');

    await alice.openChannel('town-square');
    await alice.send(`@${bobName} can you review?`);
    for (const tab of [bob, bobsOtherTab]) {
      await expectEventually(async () => expect(await tab.channelLink('town-square').locator('.badge-mention').textContent()).toBe('1'), 10_000);
    }
    await bob.openChannel('town-square');
    await bob.message('can you review?').waitFor();
    await bobsOtherTab.channelLink('town-square').locator('.badge').waitFor({ state: 'detached', timeout: 5000 });
  });
});
