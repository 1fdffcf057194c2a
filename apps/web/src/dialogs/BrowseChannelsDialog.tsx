import { useEffect, useState } from 'react';
import type { CommunityState } from '@app/client';
import { useChatClient, useChatState } from '../app/chat-context';
import { HashIcon, LockIcon } from '../ui/icons';
import { Modal } from './Modal';
import { useSubmit } from './use-submit';

interface Props {
  community: CommunityState;
  onClose(): void;
  onOpen(channelId: string): void;
}

/** Every channel I can see in the community; public ones I have not joined get a Join button. */
export function BrowseChannelsDialog({ community, onClose, onOpen }: Props) {
  const client = useChatClient();
  const state = useChatState();
  const [filter, setFilter] = useState('');
  const [joining, setJoining] = useState<string | null>(null);
  const { error, run } = useSubmit();

  // Fresh list: channels created by others since the last refresh should show up here.
  useEffect(() => {
    void client.loadChannels(community.id);
  }, [client, community.id]);

  const channels = community.channelIds
    .map((id) => state.channels[id])
    .filter((c) => c && c.name.toLowerCase().includes(filter.trim().toLowerCase()));

  async function join(channelId: string) {
    setJoining(channelId);
    const ok = await run(() => client.joinChannel(channelId));
    setJoining(null);
    if (ok) {
      onOpen(channelId);
      onClose();
    }
  }

  return (
    <Modal title={`Channels in ${community.name}`} onClose={onClose} wide>
      <div className="modal-body">
        <input
          className="search-input"
          placeholder="Search channels"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Search channels"
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <ul className="browse-list">
          {channels.map((channel) => (
            <li key={channel.id} className="browse-item" data-channel={channel.name}>
              <span className="browse-name">
                {channel.private ? <LockIcon /> : <HashIcon />} {channel.name}
              </span>
              {channel.isMember ? (
                <button className="btn btn-small" onClick={() => (onOpen(channel.id), onClose())}>
                  Open
                </button>
              ) : (
                <button className="btn btn-small btn-primary" disabled={joining !== null} onClick={() => void join(channel.id)}>
                  {joining === channel.id ? 'Joining…' : 'Join'}
                </button>
              )}
            </li>
          ))}
          {channels.length === 0 && <li className="muted browse-empty">No channels match.</li>}
        </ul>
      </div>
    </Modal>
  );
}
