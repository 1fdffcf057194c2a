import type { TypingUser } from '@app/client';

function describe(typing: TypingUser[]): string {
  const names = typing.map((t) => t.user.username);
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** Always takes its line, so the composer does not jump when someone starts typing. */
export function TypingIndicator({ typing }: { typing: TypingUser[] }) {
  return (
    <div className="typing" aria-live="polite">
      {typing.length > 0 && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {describe(typing)}
        </>
      )}
    </div>
  );
}
