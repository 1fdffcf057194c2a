import { memo, useCallback, useState, type KeyboardEvent } from 'react';
import { mentionsMe, toChatError } from '@app/client';
import type { Message, ReactionCount } from '@app/shared';
import { useChatClient, useChatSelector } from '../app/chat-context';
import { AttachmentList } from '../files/AttachmentList';
import { MessageContent } from '../formatting/MessageContent';
import { Avatar } from '../ui/Avatar';
import { describeError } from '../ui/describe-error';
import { formatFull, formatTime } from '../ui/format';
import { EmojiButton } from '../emoji/EmojiButton';
import { useEditRequests } from './edit-request';
import { ReactionBar } from './ReactionBar';
import { ThreadSummaryLink } from './ThreadSummaryLink';

interface Props {
  message: Message;
  compact: boolean;
  mine: boolean;
  /** Opens this message's thread; absent inside a thread (a reply cannot start one). */
  onOpenThread?(rootId: string): void;
}

type Mode = 'view' | 'edit' | 'confirm-delete';

/**
 * A stored message; my own can be edited in place or deleted (after an inline confirmation). Anyone's
 * takes reactions and, in the channel, a thread reply.
 */
export const MessageRow = memo(function MessageRow({ message, compact, mine, onOpenThread }: Props) {
  const client = useChatClient();
  const [mode, setMode] = useState<Mode>('view');
  const [draft, setDraft] = useState(message.content);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleted = !!message.deletedAt;
  // Someone calls for me here: the row stands out (the server decided who is mentioned).
  const forMe = useChatSelector((state) => !mine && !deleted && !!state.me && mentionsMe(message, state.me.id));

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setMode('view');
    } catch (err) {
      setError(describeError(toChatError(err)));
    } finally {
      setBusy(false);
    }
  }

  const startEdit = useCallback(() => {
    if (!mine || message.deletedAt) return;
    setDraft(message.content);
    setMode('edit');
  }, [mine, message.deletedAt, message.content]);
  useEditRequests(message.id, startEdit);

  const react = (emoji: string, action: 'add' | 'remove') => void act(() => client.react(message.channelId, message.id, emoji, action));
  const toggle = (reaction: ReactionCount) => react(reaction.emoji, reaction.me ? 'remove' : 'add');

  function onEditKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') setMode('view');
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      if (draft.trim() === message.content) return setMode('view');
      void act(() => client.edit(message.channelId, message.id, draft));
    }
  }

  return (
    <article
      className={`message${compact ? ' compact' : ''}${mode !== 'view' ? ' active' : ''}${forMe ? ' mentions-me' : ''}`}
      data-seq={message.seq}
      data-testid="message"
      // Focusable, so the keyboard reaches its actions: they show while focus is on the row or in them.
      tabIndex={0}
      aria-label={`${message.author.username}, ${formatTime(message.createdAt)}`}
    >
      <div className="message-gutter">
        {compact ? (
          <time className="message-hover-time" dateTime={message.createdAt} title={formatFull(message.createdAt)}>
            {formatTime(message.createdAt)}
          </time>
        ) : (
          <Avatar name={message.author.username} />
        )}
      </div>
      <div className="message-main">
        {!compact && (
          <div className="message-meta">
            <span className="message-author">{message.author.username}</span>
            <time dateTime={message.createdAt} title={formatFull(message.createdAt)}>
              {formatTime(message.createdAt)}
            </time>
          </div>
        )}
        {deleted ? (
          <p className="message-text message-deleted">This message was deleted.</p>
        ) : mode === 'edit' ? (
          <div className="message-edit">
            <textarea value={draft} autoFocus aria-label="Edit message" onChange={(e) => setDraft(e.target.value)} onKeyDown={onEditKey} />
            <div className="row-gap">
              <button className="btn btn-small" onClick={() => setMode('view')} disabled={busy}>
                Cancel
              </button>
              <button
                className="btn btn-small btn-primary"
                disabled={busy || !draft.trim()}
                onClick={() => void act(() => client.edit(message.channelId, message.id, draft))}
              >
                {busy ? 'Saving…' : 'Save'}
              </button>
            </div>
          </div>
        ) : (
          <div className="message-text">
            <MessageContent content={message.content} />
            {message.editedAt && (
              <span className="message-edited" title={formatFull(message.editedAt)}>
                {' '}
                (edited)
              </span>
            )}
          </div>
        )}
        {mode === 'confirm-delete' && (
          <div className="message-confirm" role="alertdialog" aria-label="Delete message?">
            <span>Delete this message? This can’t be undone.</span>
            <button className="btn btn-small" onClick={() => setMode('view')} disabled={busy}>
              Cancel
            </button>
            <button
              className="btn btn-small btn-danger"
              disabled={busy}
              onClick={() => void act(() => client.remove(message.channelId, message.id))}
            >
              {busy ? 'Deleting…' : 'Delete'}
            </button>
          </div>
        )}
        {!deleted && message.attachments && <AttachmentList attachments={message.attachments} />}
        {!deleted && message.reactions && <ReactionBar reactions={message.reactions} onToggle={toggle} />}
        {message.thread && message.thread.replyCount > 0 && onOpenThread && (
          <ThreadSummaryLink thread={message.thread} onOpen={() => onOpenThread(message.id)} />
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!deleted && mode === 'view' && (
        <div className="message-actions">
          <EmojiButton label="Add reaction" className="btn btn-small btn-ghost" onPick={(emoji) => react(emoji, 'add')}>
            <span aria-hidden="true">☺+</span>
          </EmojiButton>
          {onOpenThread && (
            <button className="btn btn-small btn-ghost" onClick={() => onOpenThread(message.id)}>
              Reply in thread
            </button>
          )}
          {mine && (
            <>
              <button className="btn btn-small btn-ghost" onClick={startEdit}>
                Edit
              </button>
              <button className="btn btn-small btn-ghost" onClick={() => setMode('confirm-delete')}>
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </article>
  );
});
