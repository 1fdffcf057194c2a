import { expectEventually } from '../../../test/support/expect-eventually';
import { uniqueName } from '../../api/test/support';
import { screenshot } from './support/browser';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/**
 * What a conversation looks like in a real browser: formatted messages (and hostile ones that stay
 * text), emoji by shortcode and from the picker, drafts kept per channel, and the dark theme.
 */
jest.setTimeout(120_000);

const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(26, 29, 33)';

describe('web client conversations', () => {
  const suite = browserSuite();

  /** A signed-in person in a community of their own with #lobby and #random, #lobby open. */
  async function personInChannel(): Promise<ChatPage> {
    const chat = new ChatPage(await suite.openPage());
    await chat.signIn(uniqueName('ann'));
    await chat.createCommunity(`Talk ${uniqueName('c').slice(-6)}`);
    await chat.createChannel('random');
    await chat.createChannel('lobby');
    return chat;
  }

  it('renders Markdown: bold, a code block, a safe link; hostile HTML and links stay text', async () => {
    const ann = await personInChannel();
    const alerts: string[] = [];
    ann.page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });

    await ann.send('Release **today**, see https://example.com/notes\n```\nnpm run build\n```');
    const formatted = ann.message('Release');
    await formatted.waitFor();
    expect(await formatted.locator('strong').textContent()).toBe('today');
    expect(await formatted.locator('pre code').textContent()).toBe('npm run build\n');
    const link = formatted.getByRole('link', { name: 'https://example.com/notes' });
    expect(await link.getAttribute('href')).toBe('https://example.com/notes');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await link.getAttribute('target')).toBe('_blank');

    await ann.send('<script>alert(1)</script>');
    await ann.send('<img src=x onerror="alert(2)">');
    await ann.send('[click me](javascript:alert(3))');
    const script = ann.message('<script>alert(1)</script>');
    const img = ann.message('<img src=x onerror="alert(2)">');
    const jsLink = ann.message('[click me](javascript:alert(3))');
    await Promise.all([script.waitFor(), img.waitFor(), jsLink.waitFor()]);
    // The text shows as typed, and no element came out of it.
    expect(await script.locator('.message-body script').count()).toBe(0);
    expect(await img.locator('.message-body img').count()).toBe(0);
    expect(await jsLink.locator('.message-body a').count()).toBe(0);
    await jsLink.locator('.message-body').click();
    // Give a stray handler the chance to run before saying none did.
    await ann.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(alerts).toEqual([]);
  });

  it('shows :shortcodes: as emoji, and the picker inserts an emoji at the caret', async () => {
    const ann = await personInChannel();
    await ann.send('Shipped :smile: :tada: but `:smile:` in code stays');
    const row = ann.message('Shipped');
    await row.waitFor();
    expect((await row.locator('.message-body').textContent())?.trim()).toBe('Shipped 😄 🎉 but :smile: in code stays');

    const composer = ann.composer();
    await composer.fill('Hello world');
    await composer.press('Home');
    for (let i = 0; i < 5; i++) await composer.press('ArrowRight');
    // Keyboard only: open the picker, search, move into the results, pick.
    await ann.emojiButton().focus();
    await ann.page.keyboard.press('Enter');
    const picker = ann.emojiPicker();
    const search = picker.getByRole('searchbox').or(picker.getByRole('textbox')).first();
    await search.waitFor();
    await expectEventually(async () => expect(await ann.focusedData('epr-part')).toBe('search-input'), 15_000);
    await ann.page.keyboard.type('laughing');
    await picker.getByRole('gridcell', { name: 'grinning squinting face' }).first().waitFor();
    // The search has applied once an emoji that does not match (😀 grinning face) is gone.
    await picker.locator('button[data-epr-unified="1f600"]').first().waitFor({ state: 'hidden' });
    // Arrow keys move from the search box (past the category tabs) into the results; Enter picks one.
    let focused: string | null = null;
    for (let press = 0; press < 6 && !focused; press++) {
      await ann.page.keyboard.press('ArrowDown');
      if ((await ann.focusedData('epr-part')) === 'emoji') focused = await ann.focusedData('epr-unified');
    }
    expect(focused).not.toBeNull();
    const emoji = String.fromCodePoint(...focused!.split('-').map((hex) => Number.parseInt(hex, 16)));
    await ann.page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe(`Hello${emoji} world`);
    // The caret sits after the emoji, so typing goes on from there.
    await composer.press('!');
    expect(await composer.inputValue()).toBe(`Hello${emoji}! world`);

    await composer.press('Enter');
    await ann.message(`Hello${emoji}! world`).waitFor();
  });

  it('keeps a draft per channel across switching channels and a reload, and clears it on send', async () => {
    const ann = await personInChannel();
    await ann.composer().fill('half-written thought');
    await ann.openChannel('random');
    expect(await ann.composer().inputValue()).toBe('');
    await ann.composer().fill('a #random draft');

    await ann.openChannel('lobby');
    expect(await ann.composer().inputValue()).toBe('half-written thought');

    await ann.page.reload();
    await ann.page.locator('.channel-title', { hasText: 'lobby' }).waitFor();
    expect(await ann.composer().inputValue()).toBe('half-written thought');
    await ann.openChannel('random');
    expect(await ann.composer().inputValue()).toBe('a #random draft');

    await ann.composer().press('Enter');
    await ann.message('a #random draft').waitFor();
    await ann.page.reload();
    await ann.page.locator('.channel-title', { hasText: 'random' }).waitFor();
    expect(await ann.composer().inputValue()).toBe('');
    await ann.openChannel('lobby');
    expect(await ann.composer().inputValue()).toBe('half-written thought');
  });

  it('follows the OS colour scheme until the toggle pins one, and remembers it', async () => {
    const ann = await personInChannel();
    await ann.page.emulateMedia({ colorScheme: 'light' });
    expect(await ann.pageBackground()).toBe(LIGHT_BG);
    await ann.page.emulateMedia({ colorScheme: 'dark' });
    expect(await ann.pageBackground()).toBe(DARK_BG);
    await ann.page.emulateMedia({ colorScheme: 'light' });

    const menu = await ann.accountMenu();
    const darkMode = menu.getByRole('menuitemcheckbox', { name: 'Dark mode' });
    expect(await darkMode.getAttribute('aria-checked')).toBe('false');
    await darkMode.click();
    expect(await darkMode.getAttribute('aria-checked')).toBe('true');
    expect(await ann.pageBackground()).toBe(DARK_BG);

    // Pinned: a reload keeps it, and the OS saying "light" no longer changes it.
    await ann.page.reload();
    await ann.composer().waitFor();
    expect(await ann.pageBackground()).toBe(DARK_BG);
    await ann.send('Dark mode check: **bold**, `code`, https://example.com\n> quoted\n- a list item');
    await ann.message('Dark mode check').waitFor();
    await screenshot(ann.page, 'conversations-dark');

    const again = await ann.accountMenu();
    await again.getByRole('menuitemcheckbox', { name: 'Match system theme' }).click();
    expect(await ann.pageBackground()).toBe(LIGHT_BG);
    await ann.page.emulateMedia({ colorScheme: 'dark' });
    expect(await ann.pageBackground()).toBe(DARK_BG);
  });
});
