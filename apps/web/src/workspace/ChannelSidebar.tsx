import type { CommunityState } from '@app/client';
import { useChatState } from '../app/chat-context';
import { DirectMessageList } from '../direct-messages/DirectMessageList';
import { HashIcon, LockIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { ConnectionDot } from './ConnectionDot';
import { CountBadges } from './CountBadges';
import type { DialogKind } from './dialog-kind';

interface Props {
  community: CommunityState;
  activeChannelId: string | null;
  onSelect(channelId: string): void;
  onOpenDialog(kind: DialogKind): void;
}

/** The dark sidebar: community header, the channels and direct conversations I belong to with their counts, and actions. */
export function ChannelSidebar({ community, activeChannelId, onSelect, onOpenDialog }: Props) {
  const state = useChatState();
  const channels = community.channelIds.map((id) => state.channels[id]).filter((c) => c?.isMember);
  const canManage = community.role === 'owner' || community.role === 'admin';

  return (
    <aside className="sidebar" aria-label="Channels">
      <header className="sidebar-header">
        <div className="sidebar-title">
          <h2 title={community.name}>{community.name}</h2>
          <ConnectionDot status={community.connection} error={community.connectionError?.message} />
        </div>
        <span className="sidebar-role">{community.role}</span>
      </header>
      <div className="sidebar-scroll">
        <div className="sidebar-section-head">
          <span>Channels</span>
          <button className="icon-button" title="Create a channel" aria-label="Create a channel" onClick={() => onOpenDialog('create-channel')}>
            <PlusIcon />
          </button>
        </div>
        <ul className="channel-list">
          {channels.map((channel) => {
            const active = channel.id === activeChannelId;
            const unread = active ? 0 : channel.unread;
            return (
              <li key={channel.id}>
                <button
                  className={`channel-item${active ? ' active' : ''}${unread > 0 ? ' unread' : ''}`}
                  onClick={() => onSelect(channel.id)}
                  data-channel={channel.name}
                  aria-current={active ? 'page' : undefined}
                >
                  {channel.private ? <LockIcon /> : <HashIcon />}
                  <span className="channel-name">{channel.name}</span>
                  {!active && <CountBadges unread={unread} mentions={channel.mentions} />}
                </button>
              </li>
            );
          })}
          {community.channelsLoaded && channels.length === 0 && <li className="sidebar-hint">No channels joined yet.</li>}
        </ul>
        <DirectMessageList community={community} activeChannelId={activeChannelId} onSelect={onSelect} onNew={() => onOpenDialog('new-dm')} />
        <button className="sidebar-action" onClick={() => onOpenDialog('search')}>
          <SearchIcon /> Search messages
        </button>
        <button className="sidebar-action" onClick={() => onOpenDialog('browse-channels')}>
          <HashIcon /> Browse channels
        </button>
        <button className="sidebar-action" onClick={() => onOpenDialog('add-member')} disabled={!canManage && !activeChannelId}>
          <PlusIcon /> Add people
        </button>
      </div>
    </aside>
  );
}
