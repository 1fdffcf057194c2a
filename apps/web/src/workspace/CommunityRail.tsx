import { communityUnread } from '@app/client';
import { useChatState } from '../app/chat-context';
import { UserMenu } from './UserMenu';
import { badgeCount, initials } from '../ui/format';
import { PlusIcon } from '../ui/icons';

interface Props {
  activeId: string | null;
  onSelect(communityId: string): void;
  onCreate(): void;
  onSignOut(): void;
}

/** The far-left rail: one tile per community with its unread total, like Slack's workspace switcher. */
export function CommunityRail({ activeId, onSelect, onCreate, onSignOut }: Props) {
  const state = useChatState();
  return (
    <nav className="rail" aria-label="Communities">
      <ul className="rail-list">
        {state.communities.map((community) => {
          const unread = communityUnread(state, community.id);
          const active = community.id === activeId;
          return (
            <li key={community.id}>
              <button
                className={`rail-tile${active ? ' active' : ''}`}
                title={community.name}
                aria-current={active ? 'true' : undefined}
                data-community={community.name}
                onClick={() => onSelect(community.id)}
              >
                {/* The name (and count) is read out in full; the initials and badge are what the eye gets. */}
                <span className="visually-hidden">{`${community.name}${unread ? `, ${unread} unread` : ''}`}</span>
                <span className="rail-initials" aria-hidden="true">
                  {initials(community.name)}
                </span>
                {unread > 0 && !active && (
                  <span className="badge rail-badge" aria-hidden="true">
                    {badgeCount(unread)}
                  </span>
                )}
              </button>
            </li>
          );
        })}
        <li>
          <button className="rail-tile rail-add" title="Create a community" aria-label="Create a community" onClick={onCreate}>
            <PlusIcon />
          </button>
        </li>
      </ul>
      {state.me && <UserMenu username={state.me.username} onSignOut={onSignOut} />}
    </nav>
  );
}
