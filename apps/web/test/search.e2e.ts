import request from 'supertest';
import type { ChannelListItem, MeResponse } from '@app/shared';
import { loginAs, postMessages, uniqueName } from '../../api/test/support';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/** Searching in a real browser: hits with the match marked, and a hit opens its message in context. */
jest.setTimeout(120_000);

describe('web client: message search', () => {
  const suite = browserSuite();

  it('finds an old message and opens the channel there with the message highlighted', async () => {
    const ann = new ChatPage(await suite.openPage());
    const annName = uniqueName('ann');
    await ann.signIn(annName);
    await ann.createCommunity(`Find ${uniqueName('c').slice(-6)}`);
    await ann.createChannel('archive');

    const user = await loginAs(suite.stack.apiUrl, annName);
    const me = (await request(suite.stack.apiUrl).get('/api/me').set(user.auth).expect(200)).body as MeResponse;
    const communityId = me.communities[0].id;
    const channels = (await request(suite.stack.apiUrl).get(`/api/communities/${communityId}/channels`).set(user.auth).expect(200))
      .body as ChannelListItem[];
    const archive = channels.find((c) => c.name === 'archive')!;
    const lines = Array.from({ length: 150 }, (_, i) => (i === 20 ? 'The budget spreadsheet is in the shared drive' : `filler line ${i + 1}`));
    await postMessages(suite.stack.apiUrl, user, communityId, archive.id, lines);
    await ann.openChannel('town-square');

    await ann.page.locator('.sidebar-action', { hasText: 'Search messages' }).click();
    const dialog = ann.page.getByRole('dialog', { name: 'Search messages' });
    const box = dialog.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('spreadsh');
    await box.press('Enter');
    const results = dialog.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('button').filter({ hasText: 'budget spreadsheet' });
    await hit.waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    expect(await hit.locator('mark').textContent()).toBe('spreadsheet');

    await hit.click();
    await ann.page.locator('.channel-title', { hasText: 'archive' }).waitFor();
    const row = ann.message('The budget spreadsheet is in the shared drive');
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('highlighted');
    expect(await row.isVisible()).toBe(true);
    expect(await row.getAttribute('data-seq')).toBe('21');

    // Nothing found says so; a query with no word is refused with a readable reason.
    await ann.page.locator('.sidebar-action', { hasText: 'Search messages' }).click();
    await box.fill('-filler');
    await box.press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'at least one word' }).waitFor();
    await box.fill('zzzunfindable');
    await box.press('Enter');
    await dialog.getByText('No messages found.').waitFor();
  });
});
