import { LIMITS } from '../contract/limits';

/** What a message's content mentions, before the names are checked against the community. */
export interface FoundMentions {
  /** Distinct usernames after `@`, in order of appearance, at most LIMITS.mentionsPerMessageMax. */
  usernames: string[];
  /** `@channel` or `@here`. */
  channelWide: boolean;
}

const CHANNEL_WIDE = new Set(['channel', 'here']);
/**
 * `@name` at the start or after a character that cannot end a word or an address (so `a@b.org` is
 * no mention), with the username's characters; a name's trailing dots and dashes are punctuation
 * ("thanks @bob." names bob).
 */
const MENTION = /(?<![\p{L}\p{N}_.@-])@([a-zA-Z0-9_.-]{1,32})/gu;
/** Code is quoted text, not a call for someone: fenced blocks and inline spans are skipped. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

/**
 * The mentions the server records for a message (and what clients highlight). Names are returned as
 * written; which of them are members is the server's to decide.
 */
export function findMentions(content: string): FoundMentions {
  const found: FoundMentions = { usernames: [], channelWide: false };
  if (!content.includes('@')) return found;
  const seen = new Set<string>();
  for (const match of content.replace(CODE, ' ').matchAll(MENTION)) {
    const name = match[1].replace(/[.-]+$/, '');
    if (name === '') continue;
    if (CHANNEL_WIDE.has(name)) {
      found.channelWide = true;
    } else if (!seen.has(name) && seen.size < LIMITS.mentionsPerMessageMax) {
      seen.add(name);
      found.usernames.push(name);
    }
  }
  return found;
}
