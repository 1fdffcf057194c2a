import { Avatar } from '../ui/Avatar';

interface Props {
  id: string;
  names: string[];
  active: number;
  onPick(name: string): void;
}

/** The people (and @channel, @here) matching what follows the `@` being typed, above the composer. */
export function MentionSuggestions({ id, names, active, onPick }: Props) {
  return (
    <ul className="mention-suggestions" role="listbox" id={id} aria-label="People to mention">
      {names.map((name, i) => (
        <li
          key={name}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          // mousedown, not click: the textarea keeps its focus and caret.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(name);
          }}
        >
          <Avatar name={name} size="sm" />
          <span>@{name}</span>
        </li>
      ))}
    </ul>
  );
}
