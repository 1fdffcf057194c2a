import type { ReactionCount } from '@app/shared';

interface Props {
  reactions: ReactionCount[];
  onToggle(reaction: ReactionCount): void;
}

/** A message's reactions as chips: the emoji and how many; mine highlighted, and a click takes mine back or adds it. */
export function ReactionBar({ reactions, onToggle }: Props) {
  if (reactions.length === 0) return null;
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {reactions.map((reaction) => (
        <button
          key={reaction.emoji}
          type="button"
          className={`reaction${reaction.me ? ' reaction-mine' : ''}`}
          aria-pressed={reaction.me}
          aria-label={`${reaction.emoji} ${reaction.count} ${reaction.count === 1 ? 'reaction' : 'reactions'}${reaction.me ? ', including yours' : ''}`}
          data-emoji={reaction.emoji}
          onClick={() => onToggle(reaction)}
        >
          <span aria-hidden="true">{reaction.emoji}</span>
          <span className="reaction-count" aria-hidden="true">
            {reaction.count}
          </span>
        </button>
      ))}
    </div>
  );
}
