import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { toChatError } from '@app/client';
import { LIMITS } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { describeError } from '../ui/describe-error';
import { SendIcon } from '../ui/icons';

interface Props {
  channelId: string;
  channelName: string;
}

/** Enter sends, Shift+Enter adds a line; the message shows at once as pending (see the outbox). */
export function Composer({ channelId, channelName }: Props) {
  const client = useChatClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);

  // Grow with the text up to a cap, like Slack's composer.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim()) return;
    try {
      client.send(channelId, text);
      setText('');
      setError(null);
    } catch (err) {
      setError(describeError(toChatError(err)));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  const tooLong = text.trim().length > LIMITS.contentMaxChars;
  return (
    <form className="composer" onSubmit={submit}>
      <div className={`composer-box${error || tooLong ? ' composer-invalid' : ''}`}>
        <textarea
          ref={ref}
          rows={1}
          value={text}
          aria-label={`Message #${channelName}`}
          placeholder={`Message #${channelName}`}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
            if (e.target.value.trim()) client.notifyTyping(channelId);
          }}
          onKeyDown={onKeyDown}
        />
        <button className="composer-send" type="submit" aria-label="Send" disabled={!text.trim() || tooLong}>
          <SendIcon />
        </button>
      </div>
      <div className="composer-hint">
        {error ? (
          <span className="form-error" role="alert">
            {error}
          </span>
        ) : tooLong ? (
          <span className="form-error">
            {text.trim().length - LIMITS.contentMaxChars} characters over the {LIMITS.contentMaxChars} limit
          </span>
        ) : (
          <span className="muted">
            <b>Enter</b> to send · <b>Shift+Enter</b> for a new line
          </span>
        )}
      </div>
    </form>
  );
}
