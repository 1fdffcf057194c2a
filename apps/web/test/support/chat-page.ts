import type { Locator, Page } from 'playwright-core';

/** What a person does in the web client, expressed with the labels they see. */
export class ChatPage {
  constructor(readonly page: Page) {}

  async signIn(username: string): Promise<void> {
    await this.page.goto('/');
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.getByRole('navigation', { name: 'Communities' }).waitFor();
  }

  async createCommunity(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Create a community' }).first().click();
    const dialog = this.dialog('Create a community');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await this.page.locator('.sidebar-title h2', { hasText: name }).waitFor();
  }

  async addMember(username: string): Promise<void> {
    await this.page.locator('.sidebar-action', { hasText: 'Add people' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Username').fill(username);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    const added = dialog.getByRole('status').filter({ hasText: `${username} was added` });
    const failed = dialog.getByRole('alert');
    await added.or(failed).waitFor();
    if (await failed.isVisible()) throw new Error(`adding ${username} failed: ${await failed.textContent()}`);
    await dialog.getByRole('button', { name: 'Done' }).click();
  }

  async createChannel(name: string, options: { private?: boolean } = {}): Promise<void> {
    await this.page.getByRole('button', { name: 'Create a channel' }).first().click();
    const dialog = this.dialog('Create a channel');
    await dialog.getByLabel('Name').fill(name);
    if (options.private) await dialog.getByLabel(/Make private/).check();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await this.page.locator('.channel-title', { hasText: name }).waitFor();
  }

  async joinChannel(name: string): Promise<void> {
    await this.page.locator('.sidebar-action', { hasText: 'Browse channels' }).click();
    const item = this.page.locator(`.browse-item[data-channel="${name}"]`);
    await item.getByRole('button', { name: 'Join' }).click();
    await this.page.locator('.channel-title', { hasText: name }).waitFor();
  }

  async openChannel(name: string): Promise<void> {
    await this.channelLink(name).click();
    await this.page.locator('.channel-title', { hasText: name }).waitFor();
  }

  async send(text: string): Promise<void> {
    const composer = this.composer();
    await composer.fill(text);
    await composer.press('Enter');
  }

  /** The open channel's message box. */
  composer(): Locator {
    return this.page.getByRole('textbox', { name: /^Message #/ });
  }

  emojiButton(): Locator {
    return this.page.getByRole('button', { name: 'Add emoji' });
  }

  emojiPicker(): Locator {
    return this.page.getByRole('dialog', { name: 'Emoji picker' });
  }

  /** Opens the account menu and returns it (the theme switch lives there). */
  async accountMenu(): Promise<Locator> {
    const menu = this.page.getByRole('menu');
    if (!(await menu.isVisible())) await this.page.getByRole('button', { name: 'Account' }).click();
    await menu.waitFor();
    return menu;
  }

  /** The page's background colour as computed now, e.g. `rgb(255, 255, 255)`. */
  pageBackground(): Promise<string> {
    return this.page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
  }

  /** The `data-*` attribute `name` of the focused element, or null (page code as a string: no DOM types here). */
  focusedData(name: string): Promise<string | null> {
    return this.page.evaluate<string | null>(`document.activeElement?.getAttribute(${JSON.stringify(`data-${name}`)}) ?? null`);
  }

  channelLink(name: string): Locator {
    return this.page.locator(`.channel-item[data-channel="${name}"]`);
  }

  channelBadge(name: string): Locator {
    return this.channelLink(name).locator('.badge');
  }

  /** A stored (confirmed) message of the open channel (not of its thread pane) whose text contains `text`. */
  message(text: string): Locator {
    return this.page.locator('.channel-view').getByTestId('message').filter({ hasText: text });
  }

  /** One of my messages not yet confirmed by the server. */
  outgoing(text: string): Locator {
    return this.page.getByTestId('outgoing').filter({ hasText: text });
  }

  /** The row of a message found by its text, pinned by seq: its text changes while we act on it. */
  async messageRow(text: string): Promise<Locator> {
    const seq = await this.message(text).getAttribute('data-seq');
    return this.page.locator(`.channel-view [data-testid="message"][data-seq="${seq}"]`);
  }

  async editMessage(oldText: string, newText: string): Promise<void> {
    const row = await this.messageRow(oldText);
    await row.hover();
    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = row.getByRole('textbox', { name: 'Edit message' });
    await editor.fill(newText);
    await editor.press('Enter');
  }

  async deleteMessage(text: string): Promise<void> {
    const row = await this.messageRow(text);
    await row.hover();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  }

  /** The thread pane beside the channel. */
  threadPane(): Locator {
    return this.page.getByRole('complementary', { name: 'Thread' });
  }

  /** Opens the thread of a message: from its "N replies" link when it has one, else "Reply in thread". */
  async openThread(rootText: string): Promise<void> {
    const row = await this.messageRow(rootText);
    const link = row.getByRole('button', { name: /^Open thread/ });
    if (await link.count()) await link.click();
    else {
      await row.hover();
      await row.getByRole('button', { name: 'Reply in thread' }).click();
    }
    await this.threadPane().waitFor();
  }

  async replyInThread(text: string): Promise<void> {
    const composer = this.threadPane().getByRole('textbox', { name: 'Reply in thread' });
    await composer.fill(text);
    await composer.press('Enter');
  }

  /** Reacts to a message through its "Add reaction" picker: searches `search`, picks the emoji named `name`. */
  async reactWithPicker(text: string, search: string, name: string): Promise<void> {
    const row = await this.messageRow(text);
    await row.hover();
    await row.getByRole('button', { name: 'Add reaction' }).click();
    const picker = row.getByRole('dialog', { name: 'Emoji picker' });
    await picker.getByRole('searchbox').or(picker.getByRole('textbox')).first().fill(search);
    await picker.getByRole('gridcell', { name }).first().click();
    await picker.waitFor({ state: 'detached' });
  }

  /** A message's reaction chip for `emoji`. */
  async reaction(text: string, emoji: string): Promise<Locator> {
    return (await this.messageRow(text)).locator(`.reaction[data-emoji="${emoji}"]`);
  }

  private dialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title });
  }
}
