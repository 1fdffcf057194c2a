import type MarkdownIt from 'markdown-it';

type Md = InstanceType<typeof MarkdownIt>;

/** What the renderer is told about the reader, so that their own mentions stand out. */
export interface MentionEnv {
  me?: string;
}

const NAME = /^[a-zA-Z0-9_.-]{1,32}/;
const WORD_BEFORE = /[\p{L}\p{N}_.@-]/u;
const CHANNEL_WIDE = new Set(['channel', 'here']);

/**
 * `@name` as a mention chip, by the same rule the server applies (libs/shared findMentions): after a
 * non-word character, trailing dots and dashes are punctuation, and never inside code (markdown-it
 * does not run inline rules there). Whether the name is a member is the server's knowledge: the
 * chip only shows what was written, `mention-me` when it is the reader (or everyone).
 */
export function mentionPlugin(md: Md): void {
  md.inline.ruler.before('emphasis', 'mention', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
    if (state.pos > 0 && WORD_BEFORE.test(state.src[state.pos - 1])) return false;
    const match = NAME.exec(state.src.slice(state.pos + 1));
    const name = match?.[0].replace(/[.-]+$/, '');
    if (!name) return false;
    if (!silent) {
      const token = state.push('mention', '', 0);
      token.content = name;
    }
    state.pos += 1 + name.length;
    return true;
  });
  md.renderer.rules.mention = (tokens, idx, _options, env) => {
    const name = tokens[idx].content;
    const me = (env as MentionEnv).me;
    const mine = CHANNEL_WIDE.has(name) || (me !== undefined && me === name);
    return `<span class="mention${mine ? ' mention-me' : ''}">@${md.utils.escapeHtml(name)}</span>`;
  };
}
