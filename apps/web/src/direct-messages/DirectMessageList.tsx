import type { CommunityState } from '@app/client';
import { useChatState } from '../app/chat-context';
import { Avatar } from '../ui/Avatar';
import { PlusIcon } from '../ui/icons';
import { CountBadges } from '../workspace/CountBadges';
import { dmTitle } from './dm-title';

interface Props {
  community: CommunityState;
  activeChannelId: string | null;
  onSelect(channelId: string): void;
  onNew(): void;
}

/** The sidebar's "Direct messages" section: my conversations in this community, latest first. */
export function DirectMessageList({ community, activeChannelId, onSelect, onNew }: Props) {
  const state = useChatState();
  const meId = state.me?.id ?? '';
  const conversations = community.dmIds.map((id) => state.channels[id]).filter((c) => c?.isMember);

  return (
    <>
      <div className="sidebar-section-head">
        <span>Direct messages</span>
        <button className="icon-button" title="New direct message" aria-label="New direct message" onClick={onNew}>
          <PlusIcon />
        </button>
      </div>
      <ul className="channel-list" aria-label="Direct messages">
        {conversations.map((dm) => {
          const active = dm.id === activeChannelId;
          const title = dmTitle(dm, meId);
          return (
            <li key={dm.id}>
              <button
                className={`channel-item${active ? ' active' : ''}${!active && dm.unread > 0 ? ' unread' : ''}`}
                onClick={() => onSelect(dm.id)}
                data-dm={title}
                aria-current={active ? 'page' : undefined}
              >
                <Avatar name={title} size="sm" />
                <span className="channel-name">{title}</span>
                {!active && <CountBadges unread={dm.unread} mentions={dm.mentions} />}
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
