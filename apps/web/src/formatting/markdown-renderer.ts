import MarkdownIt from 'markdown-it';
import { bare as emojiPlugin } from 'markdown-it-emoji';
import { EMOJI_SHORTCODES } from '../emoji/emoji-shortcodes';
import { type MentionEnv, mentionPlugin } from './mention-plugin';

/** The only link targets a message may carry; everything else (javascript:, data:, file:, …) stays text. */
const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * The Markdown a chat message understands: bold, italic, ~~strike~~, `code`, fenced code, quotes, lists,
 * links and bare URLs, `:shortcode:` emoji, `@name` mentions. Raw HTML is off (it comes out escaped, as typed), and so are
 * the document-sized blocks a chat line has no use for: headings (`# hi` stays text), setext headings
 * (a line of `---` under text), rules, tables and images (`![x](url)` stays text: no requests to hosts
 * the sender picks).
 *
 * The output is escaped HTML; the page still passes it through `sanitizeMessageHtml` before use.
 */
function createRenderer() {
  const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
  md.disable(['heading', 'lheading', 'hr', 'table', 'image', 'reference']);
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  // Bare addresses ("see example.com") link like in other chat apps; bare e-mail addresses stay text.
  md.linkify.set({ fuzzyEmail: false });
  // Shortcuts off: ":)" or "8)" inside a sentence or a URL stay as typed.
  md.use(emojiPlugin, { defs: EMOJI_SHORTCODES, shortcuts: {} });
  md.use(mentionPlugin);
  return md;
}

const renderer = createRenderer();

/**
 * Message text to HTML (not yet sanitised). The newline markdown-it ends each block with is dropped at
 * the end, so a message's text (textContent, copy and paste) ends where the author's did.
 */
export function renderMarkdown(text: string, env: MentionEnv = {}): string {
  return renderer.render(text, { ...env }).trimEnd();
}
