import { badgeCount } from '../ui/format';

/**
 * A conversation's counters: mentions (red `@N`) stand apart from plain unread messages (grey), as in
 * Slack; in a direct conversation every message is for me, so only the mention badge shows.
 */
export function CountBadges({ unread, mentions }: { unread: number; mentions: number }) {
  if (mentions > 0) {
    return (
      <span className="badge badge-mention" aria-label={`${mentions} mention${mentions === 1 ? '' : 's'}`}>
        {badgeCount(mentions)}
      </span>
    );
  }
  if (unread > 0) {
    return (
      <span className="badge" aria-label={`${unread} unread`}>
        {badgeCount(unread)}
      </span>
    );
  }
  return null;
}
