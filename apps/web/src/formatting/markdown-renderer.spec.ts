import { renderMarkdown } from './markdown-renderer';

describe('renderMarkdown', () => {
  it('renders the chat subset: bold, italic, strike, inline code, code blocks, quotes, lists', () => {
    expect(renderMarkdown('**bold** *it* _it_ ~~gone~~ `x < y`')).toBe(
      '<p><strong>bold</strong> <em>it</em> <em>it</em> <s>gone</s> <code>x &lt; y</code></p>',
    );
    expect(renderMarkdown('```\nconst a = 1;\n```')).toBe('<pre><code>const a = 1;\n</code></pre>');
    expect(renderMarkdown('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(renderMarkdown('1. one\n2. two')).toBe('<ol>\n<li>one</li>\n<li>two</li>\n</ol>');
  });

  it('keeps a single newline as a line break, as typed in the composer, and ends where the text ends', () => {
    expect(renderMarkdown('line one\nline two')).toBe('<p>line one<br>\nline two</p>');
    expect(renderMarkdown('one\n\ntwo\n')).toBe('<p>one</p>\n<p>two</p>');
  });

  it('escapes raw HTML instead of passing it through', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(renderMarkdown('<img src=x onerror="alert(1)">')).toBe('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>');
  });

  it('links bare URLs and http(s)/mailto links, and leaves javascript:, data: and file: links as text', () => {
    expect(renderMarkdown('see https://example.com/a?b=1')).toBe('<p>see <a href="https://example.com/a?b=1">https://example.com/a?b=1</a></p>');
    expect(renderMarkdown('[docs](https://example.com)')).toBe('<p><a href="https://example.com">docs</a></p>');
    expect(renderMarkdown('[mail](mailto:a@example.com)')).toContain('<a href="mailto:a@example.com">');
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'vbscript:x']) {
      expect(renderMarkdown(`[x](${url})`)).not.toContain('<a');
    }
  });

  it('leaves headings, rules, tables and images as text', () => {
    expect(renderMarkdown('# not a heading')).toBe('<p># not a heading</p>');
    expect(renderMarkdown('text\n---')).toBe('<p>text<br>\n---</p>');
    expect(renderMarkdown('![pic](https://example.com/x.png)')).not.toContain('<img');
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).not.toContain('<table');
  });

  it('turns :shortcodes: into emoji, but not inside code or unknown names', () => {
    expect(renderMarkdown(':smile: :+1: :tada:')).toBe('<p>😄 👍 🎉</p>');
    expect(renderMarkdown('`:smile:`')).toBe('<p><code>:smile:</code></p>');
    expect(renderMarkdown('```\n:smile:\n```')).toBe('<pre><code>:smile:\n</code></pre>');
    expect(renderMarkdown(':no_such_emoji_here:')).toBe('<p>:no_such_emoji_here:</p>');
  });

  it('leaves emoticons and times as typed', () => {
    expect(renderMarkdown('ok :) see you at 10:30:00')).toBe('<p>ok :) see you at 10:30:00</p>');
  });

  it("shows @name as a mention chip, the reader's own (and @channel, @here) standing out, never in code or addresses", () => {
    expect(renderMarkdown('hi @bob and @alice.', { me: 'alice' })).toBe(
      '<p>hi <span class="mention">@bob</span> and <span class="mention mention-me">@alice</span>.</p>',
    );
    expect(renderMarkdown('@here now')).toBe('<p><span class="mention mention-me">@here</span> now</p>');
    expect(renderMarkdown('mail bob@example.org `@bob`')).toBe('<p>mail bob@example.org <code>@bob</code></p>');
    expect(renderMarkdown('@<b>x')).toBe('<p>@&lt;b&gt;x</p>');
  });
});
