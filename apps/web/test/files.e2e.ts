import sharp from 'sharp';
import { expectEventually } from '../../../test/support/expect-eventually';
import { uniqueName } from '../../api/test/support';
import { ChatPage } from './support/chat-page';
import { browserSuite } from './support/browser-suite';

/** Sharing files in real browsers: attach, paste, drop, progress, previews on the other side, retry. */
jest.setTimeout(120_000);

describe('web client: files', () => {
  const suite = browserSuite();

  /** Page code that hands the composer a file through a paste or a drop, as the browser does. */
  const hand = (how: 'paste' | 'drop', name: string, type: string, base64: string) => `(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
    const target = document.querySelector(${JSON.stringify(how === 'paste' ? '.composer textarea' : '.composer')});
    if (${JSON.stringify(how)} === 'paste') target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    else {
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  })()`;

  it('sends an attached image and a pasted screenshot; the other side sees previews and file cards; a failed upload is retried', async () => {
    const alice = new ChatPage(await suite.openPage());
    const bob = new ChatPage(await suite.openPage());
    const bobName = uniqueName('bob');
    await alice.signIn(uniqueName('alice'));
    await bob.signIn(bobName);
    await alice.createCommunity(`Files ${uniqueName('c').slice(-6)}`);
    await alice.addMember(bobName);
    await alice.openChannel('town-square');
    await bob.page.reload();
    await bob.page.locator('.channel-title', { hasText: 'town-square' }).waitFor();

    const photo = await sharp({ create: { width: 640, height: 320, channels: 3, background: { r: 20, g: 120, b: 200 } } })
      .png()
      .toBuffer();
    // The picker (a hidden file input behind "Attach files").
    await alice.page.locator('.composer input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    const pending = alice.page.getByRole('list', { name: 'Files to send' });
    await pending.getByText('photo.png').waitFor();
    // A pasted screenshot and a dropped text file join it.
    await alice.page.evaluate(hand('paste', 'screenshot.png', 'image/png', photo.toString('base64')));
    await alice.page.evaluate(hand('drop', 'notes.txt', 'text/plain', Buffer.from('meeting notes').toString('base64')));
    await pending.getByText('screenshot.png').waitFor();
    await pending.getByText('notes.txt').waitFor();
    await alice.page.locator('.pending-upload progress').first().waitFor({ state: 'detached', timeout: 10_000 });
    await alice.send('the files');
    await pending.waitFor({ state: 'detached' });

    const row = bob.message('the files');
    await row.waitFor();
    const preview = row.getByRole('button', { name: 'Open photo.png full size' }).locator('img');
    await preview.waitFor({ timeout: 10_000 });
    // Laid out at the thumbnail's size before it loaded: 640x320 fits 360 wide.
    expect(await preview.getAttribute('width')).toBe('360');
    expect(await preview.getAttribute('height')).toBe('180');
    await expectEventually(
      async () => expect(await preview.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(360),
      10_000,
    );
    await row.getByRole('button', { name: 'Open screenshot.png full size' }).waitFor();
    await row.getByRole('button', { name: 'Download notes.txt' }).waitFor();

    // The network drops the first attempt: the upload shows as failed with Retry, which works.
    let dropped = false;
    await alice.page.route('**/files', async (route) => {
      if (dropped) return route.continue();
      dropped = true;
      await route.abort();
    });
    await alice.page
      .locator('.composer input[type=file]')
      .setInputFiles({ name: 'second.txt', mimeType: 'text/plain', buffer: Buffer.from('2') });
    const failed = alice.page.locator('.pending-upload.failed');
    await failed.getByRole('alert').waitFor();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.waitFor({ state: 'detached' });
    await alice.send('second try');
    await bob.message('second try').getByRole('button', { name: 'Download second.txt' }).waitFor();
  });
});
