import fs from 'node:fs';
import request from 'supertest';
import type { ChannelListItem, MeResponse } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { loginAs, postMessages, uniqueName, type TestUser } from '../../api/test/support';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/**
 * Catching up and the keyboard, in a real browser: a channel with 200 unread opens at the first of
 * them and the read marker follows what was scrolled into view; the pills; the quick switcher and
 * the other shortcuts; dialogs that keep focus; and an automated accessibility check (axe-core).
 */
jest.setTimeout(180_000);

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('web client: catching up, keyboard and accessibility', () => {
  const suite = browserSuite();

  async function person(): Promise<ChatPage> {
    return new ChatPage(await suite.openPage());
  }

  /** Bob's view of #lobby on the server. */
  async function lobbyOf(user: TestUser, communityId: string): Promise<ChannelListItem> {
    const res = await request(suite.stack.apiUrl).get(`/api/communities/${communityId}/channels`).set(user.auth).expect(200);
    return (res.body as ChannelListItem[]).find((c) => c.name === 'lobby')!;
  }

  it('opens 200 unread at the first one, marks read only what was seen, and jumps with the pills', async () => {
    const alice = await person();
    const bob = await person();
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    await alice.signIn(aliceName);
    await bob.signIn(bobName);
    await alice.createCommunity(`Catch ${uniqueName('c').slice(-6)}`);
    await alice.addMember(bobName);
    await alice.createChannel('lobby');
    await bob.page.reload();
    await bob.joinChannel('lobby');
    for (let i = 1; i <= 3; i++) await alice.send(`read ${i}`);
    await bob.message('read 3').waitFor();
    await bob.openChannel('town-square');

    const aliceUser = await loginAs(suite.stack.apiUrl, aliceName);
    const bobUser = await loginAs(suite.stack.apiUrl, bobName);
    const me = (await request(suite.stack.apiUrl).get('/api/me').set(aliceUser.auth).expect(200)).body as MeResponse;
    const communityId = me.communities[0].id;
    const lobby = await lobbyOf(aliceUser, communityId);
    await postMessages(
      suite.stack.apiUrl,
      aliceUser,
      communityId,
      lobby.id,
      Array.from({ length: 200 }, (_, i) => `unread ${i + 1}`),
    );
    await expectEventually(async () => expect(await bob.channelBadge('lobby').textContent()).toBe('99+'), 10_000);
    const readBefore = (await lobbyOf(bobUser, communityId)).lastReadSeq;
    expect(readBefore).toBe(3);

    await bob.openChannel('lobby');
    const divider = bob.page.locator('.new-divider');
    await divider.waitFor();
    await expectEventually(async () => expect(await divider.isVisible()).toBe(true), 10_000);
    await bob.message('unread 1').first().waitFor();
    expect(await inView(bob, '.new-divider')).toBe(true);
    expect(await inView(bob, '.message[data-seq="203"]')).toBe(false);
    // The marker moves as far as the screen shows, not to the end.
    await expectEventually(async () => expect((await lobbyOf(bobUser, communityId)).lastReadSeq).toBeGreaterThan(3), 10_000);
    await new Promise((r) => setTimeout(r, 800));
    expect((await lobbyOf(bobUser, communityId)).lastReadSeq).toBeLessThan(150);

    // Scrolled up with unread below: the pill jumps to the newest, which then counts as read.
    const pill = bob.page.getByRole('button', { name: /new messages? ↓/ });
    await pill.waitFor();
    await pill.click();
    await bob.message('unread 200').waitFor();
    await expectEventually(async () => expect((await lobbyOf(bobUser, communityId)).lastReadSeq).toBe(203), 10_000);
    await pill.waitFor({ state: 'detached' });
    // The divider is far above now: one click brings it back.
    await bob.page.getByRole('button', { name: '↑ Jump to first unread' }).click();
    await expectEventually(async () => expect(await inView(bob, '.new-divider')).toBe(true), 5000);

    // A message arriving live is read out to screen readers (a polite live region).
    await alice.openChannel('lobby');
    await alice.send('live and loud');
    const announcer = bob.page.getByTestId('live-announcer');
    await expectEventually(async () => expect(await announcer.textContent()).toBe(`${aliceName}: live and loud`), 10_000);
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
  });

  it('has a quick switcher, Alt+arrows, Up to edit, keyboard-reachable actions and dialogs that keep focus; axe finds nothing serious', async () => {
    const ann = await person();
    await ann.signIn(uniqueName('ann'));
    const keys = `Keys ${uniqueName('c').slice(-6)}`;
    await ann.createCommunity(keys);
    await ann.createChannel('alpha');
    await ann.createChannel('beta');

    // Ctrl+K, type, Enter.
    await ann.page.keyboard.press('Control+k');
    const switcher = ann.page.getByRole('dialog', { name: 'Jump to a conversation' });
    await switcher.getByRole('combobox', { name: 'Conversation or person' }).fill('alp');
    await switcher.getByRole('option', { name: '#alpha' }).waitFor();
    await ann.page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'detached' });
    await ann.page.locator('.channel-title', { hasText: 'alpha' }).waitFor();

    // Alt+Down: the next conversation in the sidebar (alpha, beta, town-square).
    await ann.page.keyboard.press('Alt+ArrowDown');
    await ann.page.locator('.channel-title', { hasText: 'beta' }).waitFor();
    await ann.page.keyboard.press('Alt+ArrowUp');
    await ann.page.locator('.channel-title', { hasText: 'alpha' }).waitFor();

    // Up in the empty composer edits my last message.
    await ann.send('first draft');
    await ann.message('first draft').waitFor();
    await ann.composer().press('ArrowUp');
    const editor = ann.page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    await editor.fill('final words');
    await editor.press('Enter');
    await ann.message('final words').waitFor();

    // A message row takes focus, and Tab goes on into its actions.
    await ann.message('final words').focus();
    await ann.page.keyboard.press('Tab');
    expect(await ann.page.evaluate<boolean>("!!document.activeElement?.closest('.message-actions')")).toBe(true);

    // A dialog: focus on its first field, Tab stays inside, focus comes back on close.
    const opener = ann.page.getByRole('button', { name: 'Create a channel' }).first();
    await opener.focus();
    await ann.page.keyboard.press('Enter');
    const dialog = ann.page.getByRole('dialog', { name: 'Create a channel' });
    await dialog.waitFor();
    await expectEventually(async () =>
      expect(await ann.page.evaluate<string | null>('document.activeElement?.getAttribute("name") ?? null')).toBe('channel-name'),
    );
    for (let i = 0; i < 8; i++) {
      await ann.page.keyboard.press('Tab');
      expect(await ann.page.evaluate<boolean>("!!document.activeElement?.closest('[role=dialog]')")).toBe(true);
    }
    await ann.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectEventually(async () =>
      expect(await ann.page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label") ?? null')).toBe('Create a channel'),
    );

    // The switcher reaches other communities' conversations too.
    await ann.createCommunity(`Other ${uniqueName('c').slice(-6)}`);
    await ann.page.keyboard.press('Control+k');
    await switcher.getByRole('combobox', { name: 'Conversation or person' }).fill('beta');
    await switcher.getByRole('option', { name: `#beta · ${keys}` }).waitFor();
    await ann.page.keyboard.press('Enter');
    await ann.page.locator('.sidebar-title h2', { hasText: keys }).waitFor();
    await ann.page.locator('.channel-title', { hasText: 'beta' }).waitFor();

    // Automated accessibility check of the workspace with a channel open.
    // Evaluated through the DevTools protocol: a script tag would (rightly) be refused by the page's CSP.
    await ann.page.evaluate(AXE_SOURCE);
    const violations = await ann.page.evaluate<{ id: string; impact: string; nodes: number }[]>(`
      axe.run(document, { resultTypes: ['violations'] }).then((r) =>
        r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0]?.target })))`);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});

/** Whether the element's box is within the message pane's visible part. */
function inView(page: ChatPage, selector: string): Promise<boolean> {
  return page.page.evaluate<boolean>(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const pane = document.querySelector('.message-scroll');
    if (!el || !pane) return false;
    const a = el.getBoundingClientRect(), b = pane.getBoundingClientRect();
    return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  })()`);
}
