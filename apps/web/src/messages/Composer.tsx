import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { toChatError } from '@app/client';
import { LIMITS } from '@app/shared';
import { useChatClient, useChatSelector } from '../app/chat-context';
import { useDraft } from '../drafts/use-draft';
import { EmojiButton } from '../emoji/EmojiButton';
import { insertAtCursor } from '../emoji/insert-at-cursor';
import { describeError } from '../ui/describe-error';
import { PendingUploads } from '../files/PendingUploads';
import { useUploads } from '../files/use-uploads';
import { PaperclipIcon, SendIcon } from '../ui/icons';
import { requestEdit } from './edit-request';
import { MentionSuggestions } from './MentionSuggestions';
import { useMentionAutocomplete } from './use-mention-autocomplete';

interface Props {
  userId: string;
  /** Where files picked here are uploaded. */
  communityId: string;
  channelId: string;
  channelName: string;
  /** Set: this composer replies in the thread of that root (its own draft, its own label). */
  threadRootId?: string;
  /** The placeholder and accessible name, when `Message #<channel>` does not fit (direct conversations). */
  label?: string;
}

/**
 * Enter sends, Shift+Enter adds a line; the message shows at once as pending (see the outbox). What is
 * typed but not sent is kept per channel (see drafts/).
 */
export function Composer({ userId, communityId, channelId, channelName, threadRootId, label: givenLabel }: Props) {
  const client = useChatClient();
  const files = useUploads(communityId);
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [text, setText] = useDraft(userId, threadRootId ? `${channelId}/thread/${threadRootId}` : channelId);
  const label = threadRootId ? 'Reply in thread' : (givenLabel ?? `Message #${channelName}`);
  // Where the caret goes once React has rendered an inserted emoji.
  const caret = useRef<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caretAt, setCaretAt] = useState(text.length);
  const myUsername = useChatSelector((state) => state.me?.username ?? '');
  const mention = useMentionAutocomplete({
    channelId,
    myUsername,
    text,
    caret: caretAt,
    apply: (next) => {
      caret.current = next.caret;
      setCaretAt(next.caret);
      setText(next.text);
    },
  });
  const suggestionsId = `mentions-${threadRootId ?? channelId}`;

  // Grow with the text up to a cap, like Slack's composer.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
    if (caret.current !== null) {
      el.focus();
      el.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [text]);

  function insertEmoji(emoji: string) {
    const el = ref.current;
    const next = insertAtCursor(text, el?.selectionStart ?? text.length, el?.selectionEnd ?? text.length, emoji);
    caret.current = next.caret;
    setText(next.text);
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() && files.ready.length === 0) return;
    if (files.busy) return setError('Wait for the files to finish uploading.');
    if (files.failed) return setError('Retry or remove the file that failed to upload.');
    // A message always has text: with files alone, their names.
    const content = text.trim() || files.ready.map((a) => a.name).join(', ');
    try {
      if (threadRootId) client.sendReply(channelId, threadRootId, content, files.ready);
      else client.send(channelId, content, files.ready);
      setText('');
      files.clear();
      setError(null);
    } catch (err) {
      setError(describeError(toChatError(err)));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mention.onKeyDown(event)) return;
    // Up in an empty composer edits my last message, as in Slack.
    if (event.key === 'ArrowUp' && text === '' && !event.shiftKey && !event.altKey) {
      const mine = client.store
        .channel(channelId)
        ?.messages.filter((m) => m.author.id === userId && !m.deletedAt && (m.threadRootId ?? null) === (threadRootId ?? null))
        .at(-1);
      if (mine) {
        event.preventDefault();
        requestEdit(mine.id);
      }
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  const tooLong = text.trim().length > LIMITS.contentMaxChars;
  return (
    <form
      className={`composer${dragging ? ' dragging' : ''}`}
      onSubmit={submit}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        setDragging(false);
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        files.add(e.dataTransfer.files);
      }}
    >
      <PendingUploads uploads={files.uploads} onRetry={files.retry} onRemove={files.remove} />
      <div className={`composer-box${error || tooLong ? ' composer-invalid' : ''}`}>
        {mention.open && <MentionSuggestions id={suggestionsId} names={mention.names} active={mention.active} onPick={mention.pick} />}
        <textarea
          ref={ref}
          rows={1}
          value={text}
          aria-label={label}
          placeholder={label}
          aria-autocomplete="list"
          aria-controls={mention.open ? suggestionsId : undefined}
          aria-activedescendant={mention.open ? `${suggestionsId}-${mention.active}` : undefined}
          onSelect={(e) => setCaretAt(e.currentTarget.selectionStart)}
          onChange={(e) => {
            setCaretAt(e.target.selectionStart);
            setText(e.target.value);
            if (error) setError(null);
            if (e.target.value.trim()) client.notifyTyping(channelId);
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            // A pasted screenshot (or copied files) becomes an upload; pasted text stays text.
            if (e.clipboardData.files.length === 0) return;
            e.preventDefault();
            files.add(e.clipboardData.files);
          }}
        />
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          onChange={(e) => {
            if (e.target.files) files.add(e.target.files);
            e.target.value = '';
          }}
        />
        <button type="button" className="composer-attach" aria-label="Attach files" onClick={() => picker.current?.click()}>
          <PaperclipIcon />
        </button>
        <EmojiButton onPick={insertEmoji} />
        <button className="composer-send" type="submit" aria-label="Send" disabled={(!text.trim() && files.ready.length === 0) || tooLong}>
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
