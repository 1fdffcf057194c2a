import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { toChatError } from '@app/client';
import { LIMITS } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { describeError } from '../ui/describe-error';

interface Props {
  channelId: string;
  topic: string;
}

/** The channel's topic in its header; a click edits it in place (Enter saves, Escape cancels). */
export function ChannelTopic({ channelId, topic }: Props) {
  const client = useChatClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(topic);
  const [error, setError] = useState<string | null>(null);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    try {
      await client.setTopic(channelId, draft);
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(describeError(toChatError(err)));
    }
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
    }
  }

  if (!editing) {
    return (
      <button
        className="channel-topic"
        title={topic || 'Add a topic'}
        aria-label={topic ? `Topic: ${topic}. Edit topic` : 'Add a topic'}
        onClick={() => (setDraft(topic), setEditing(true))}
      >
        {topic || <span className="muted">Add a topic</span>}
      </button>
    );
  }
  return (
    <form className="channel-topic-form" onSubmit={(e) => void save(e)}>
      <input
        autoFocus
        aria-label="Channel topic"
        value={draft}
        maxLength={LIMITS.channelTopicMaxChars}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKey}
      />
      <button className="btn btn-small btn-primary" type="submit">
        Save
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
