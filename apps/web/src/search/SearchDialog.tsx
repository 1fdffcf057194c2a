import { useState, type FormEvent } from 'react';
import type { CommunityState } from '@app/client';
import type { SearchHit } from '@app/shared';
import { useChatClient, useChatState } from '../app/chat-context';
import { Modal } from '../dialogs/Modal';
import { useSubmit } from '../dialogs/use-submit';
import { dmTitle } from '../direct-messages/dm-title';
import { formatFull } from '../ui/format';
import { requestJump } from './jump-request';

interface Props {
  community: CommunityState;
  onClose(): void;
  onOpen(channelId: string): void;
}

/**
 * Message search in the community: words, "phrases" and -excluded words, newest first with the
 * matches marked; "More" pages on; a hit opens its conversation at that message, highlighted.
 */
export function SearchDialog({ community, onClose, onOpen }: Props) {
  const client = useChatClient();
  const state = useChatState();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  async function search(event?: FormEvent, from?: string) {
    event?.preventDefault();
    if (!text.trim()) return;
    await run(async () => {
      const page = await client.search(community.id, { q: text, ...(from ? { cursor: from } : {}) });
      setHits((current) => (from && current ? [...current, ...page.hits] : page.hits));
      setCursor(page.nextCursor);
    });
  }

  async function open(hit: SearchHit) {
    const ok = await run(() => client.openChannelAt(hit.message.channelId, hit.message.seq));
    if (!ok) return;
    requestJump(hit.message.channelId, hit.message.seq);
    onOpen(hit.message.channelId);
    onClose();
  }

  const where = (hit: SearchHit) => {
    if (hit.kind === 'channel') return `#${hit.channelName}`;
    const dm = state.channels[hit.message.channelId];
    return dm && state.me ? dmTitle(dm, state.me.id) : 'Direct message';
  };

  return (
    <Modal title="Search messages" onClose={onClose} wide>
      <div className="modal-body search-dialog">
        <form onSubmit={(e) => void search(e)} role="search">
          <input
            type="search"
            aria-label="Search messages"
            placeholder='Words, "a phrase", -without'
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </form>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {hits && hits.length === 0 && <p className="muted">No messages found.</p>}
        {hits && hits.length > 0 && (
          <ul className="search-hits" aria-label="Search results">
            {hits.map((hit) => (
              <li key={hit.message.id}>
                <button className="search-hit" onClick={() => void open(hit)}>
                  <span className="search-hit-meta">
                    <strong>{hit.message.author.username}</strong> in {where(hit)} ·{' '}
                    <time dateTime={hit.message.createdAt}>{formatFull(hit.message.createdAt)}</time>
                  </span>
                  <span className="search-hit-text">
                    {hit.snippet.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {cursor && (
          <button className="btn btn-small" disabled={busy} onClick={() => void search(undefined, cursor)}>
            More results
          </button>
        )}
      </div>
    </Modal>
  );
}
