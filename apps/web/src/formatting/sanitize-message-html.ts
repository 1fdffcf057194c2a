import DOMPurify from 'dompurify';

/** What `renderMarkdown` can produce; anything else is dropped even if a renderer bug let it through. */
const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span'];
const ALLOWED_ATTR = ['href', 'start', 'class'];
const SAFE_HREF = /^(https?:|mailto:)/i;

const purify = DOMPurify(window);

// Every link opens in a new tab without handing the page to the target (noopener), without telling it
// where the reader came from (noreferrer), and without vouching for it to search engines (nofollow).
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href') ?? '';
  if (!SAFE_HREF.test(href)) node.removeAttribute('href');
  node.setAttribute('target', '_blank');
  node.setAttribute('rel', 'noopener noreferrer nofollow');
});

/**
 * Defence in depth behind the renderer, which already escapes raw HTML: an allow-list of the tags and
 * attributes a message's Markdown maps to, and safe links.
 */
export function sanitizeMessageHtml(html: string): string {
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false });
}
