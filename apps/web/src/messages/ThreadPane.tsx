import { useEffect, useRef } from 'react';
import type { ChannelState } from '@app/client';
import type { UserSummary } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { Composer } from './Composer';
import { MessageRow } from './MessageRow';
import { OutgoingRow } from './OutgoingRow';

interface Props {
  channel: ChannelState;
  me: UserSummary;
}

/**
 * The thread open beside its channel: the root, its replies (live from the channel's broadcasts),
 * my pending replies, and a composer of its own. Escape or the close button closes it.
 */
export function ThreadPane({ channel, me }: Props) {
  const client = useChatClient();
  const thread = channel.thread!;
  const close = useRef<HTMLButtonElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const pending = channel.outbox.filter((e) => e.threadRootId === thread.rootId);

  useEffect(() => {
    close.current?.focus();
  }, [thread.rootId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) client.closeThread(channel.id);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [client, channel.id]);
  // Braces: newer browsers make scrollIntoView return a promise, which React would take for a clean-up.
  useEffect(() => {
    void end.current?.scrollIntoView({ block: 'end' });
  }, [thread.replies.length, pending.length]);

  return (
    <aside className="thread-pane" aria-label="Thread">
      <header className="thread-header">
        <h2>Thread</h2>
        <span className="muted">#{channel.name}</span>
        <button
          ref={close}
          className="btn btn-small btn-ghost thread-close"
          aria-label="Close thread"
          onClick={() => client.closeThread(channel.id)}
        >
          ✕
        </button>
      </header>
      <div className="thread-scroll">
        {thread.root && <MessageRow message={thread.root} compact={false} mine={thread.root.author.id === me.id} />}
        {thread.hasMoreBefore && (
          <button className="btn btn-small btn-ghost thread-older" onClick={() => void client.loadOlderReplies(channel.id)}>
            Show older replies
          </button>
        )}
        {thread.loading && <div className="list-loading">Loading replies…</div>}
        {thread.loadError && (
          <p className="form-error" role="alert">
            Could not load the thread: {thread.loadError.message}
          </p>
        )}
        <div className="thread-replies" data-testid="thread-replies">
          {thread.replies.map((reply) => (
            <MessageRow key={reply.seq} message={reply} compact={false} mine={reply.author.id === me.id} />
          ))}
          {pending.map((entry) => (
            <OutgoingRow key={entry.clientMsgId} entry={entry} me={me} />
          ))}
        </div>
        <div ref={end} />
      </div>
      <Composer
        userId={me.id}
        communityId={channel.communityId}
        channelId={channel.id}
        channelName={channel.name}
        threadRootId={thread.rootId}
      />
    </aside>
  );
}
