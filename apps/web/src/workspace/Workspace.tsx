import { useCallback, useEffect, useState } from 'react';
import type { ChatState } from '@app/client';
import { useChatClient, useChatState } from '../app/chat-context';
import { useRoute, type Route } from '../app/use-route';
import { ChannelMembersDialog } from '../dialogs/ChannelMembersDialog';
import { AddMemberDialog } from '../dialogs/AddMemberDialog';
import { BrowseChannelsDialog } from '../dialogs/BrowseChannelsDialog';
import { CreateChannelDialog } from '../dialogs/CreateChannelDialog';
import { CreateCommunityDialog } from '../dialogs/CreateCommunityDialog';
import { NewDirectMessageDialog } from '../dialogs/NewDirectMessageDialog';
import { ChannelView } from '../messages/ChannelView';
import { useDesktopNotifications, useTabTitle } from '../notifications/use-attention';
import { SearchDialog } from '../search/SearchDialog';
import { Notices } from '../ui/Notices';
import { ChannelSidebar } from './ChannelSidebar';
import type { DialogKind } from './dialog-kind';
import { CommunityRail } from './CommunityRail';
import { EmptyState } from './EmptyState';
import { conversationOrder, stepConversation } from './conversation-order';
import { QuickSwitcher } from './QuickSwitcher';
import { SessionScreen } from './SessionScreen';
import { useWorkspaceKeys } from './use-workspace-keys';

/** The route, corrected against what exists: an unknown community or channel falls back to the first one. */
function resolveRoute(state: ChatState, route: Route): Route {
  const community = state.communities.find((c) => c.id === route.communityId) ?? state.communities[0];
  if (!community) return { communityId: null, channelId: null };
  const memberChannels = community.channelIds.filter((id) => state.channels[id]?.isMember);
  const conversations = [...memberChannels, ...community.dmIds.filter((id) => state.channels[id]?.isMember)];
  // Without a channel in the address, the community's default channel (#town-square) opens first.
  const fallback =
    community.defaultChannelId && memberChannels.includes(community.defaultChannelId) ? community.defaultChannelId : memberChannels[0];
  const channelId = route.channelId && conversations.includes(route.channelId) ? route.channelId : (fallback ?? null);
  return { communityId: community.id, channelId };
}

export function Workspace({ onSignOut }: { onSignOut(): void }) {
  const client = useChatClient();
  const state = useChatState();
  const [route, navigate] = useRoute();
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  // Narrow screens show either the navigation (rail and channels) or the open channel; wide ones
  // show both and ignore this. Picking a community shows its channels, picking a channel shows it.
  const [navOpen, setNavOpen] = useState(true);
  const showCommunity = (communityId: string) => {
    navigate({ communityId, channelId: null });
    setNavOpen(true);
  };
  const showChannel = useCallback(
    (communityId: string, channelId: string) => {
      navigate({ communityId, channelId });
      setNavOpen(false);
    },
    [navigate],
  );
  const active = resolveRoute(state, route);
  useTabTitle(state);
  useDesktopNotifications(client, showChannel);
  useWorkspaceKeys({
    openSwitcher: () => setDialog('quick-switcher'),
    step: (direction) => {
      if (!community || dialog) return;
      const next = stepConversation(conversationOrder(state, community), active.channelId, direction);
      if (next) showChannel(community.id, next);
    },
  });
  const community = state.communities.find((c) => c.id === active.communityId);

  // Keep the address bar in step once the directory has loaded (a reload then lands on the same channel).
  useEffect(() => {
    const channelsKnown = !community || community.channelsLoaded;
    if (state.session === 'ready' && channelsKnown && (active.communityId !== route.communityId || active.channelId !== route.channelId)) {
      navigate({ communityId: active.communityId, channelId: active.channelId });
    }
  }, [state.session, community, active.communityId, active.channelId, route.communityId, route.channelId, navigate]);

  if (state.session !== 'ready' && state.communities.length === 0) {
    return <SessionScreen state={state} onRetry={() => void client.start().catch(() => undefined)} onSignOut={onSignOut} />;
  }

  return (
    <div className={`app${navOpen || !active.channelId ? ' nav-open' : ''}`}>
      <CommunityRail
        activeId={active.communityId}
        onSelect={showCommunity}
        onCreate={() => setDialog('create-community')}
        onSignOut={onSignOut}
      />
      {community ? (
        <ChannelSidebar
          community={community}
          activeChannelId={active.channelId}
          onSelect={(channelId) => showChannel(community.id, channelId)}
          onOpenDialog={setDialog}
        />
      ) : (
        <aside className="sidebar sidebar-empty">
          <p className="sidebar-hint">Communities you create or join appear in the rail on the left.</p>
        </aside>
      )}
      <main className="main">
        {community && active.channelId ? (
          <ChannelView
            key={active.channelId}
            channelId={active.channelId}
            community={community}
            onOpenDialog={setDialog}
            onShowNav={() => setNavOpen(true)}
          />
        ) : (
          <EmptyState hasCommunity={!!community} onOpenDialog={setDialog} />
        )}
      </main>
      <Notices />
      {dialog === 'create-community' && <CreateCommunityDialog onClose={() => setDialog(null)} onCreated={showCommunity} />}
      {dialog === 'create-channel' && community && (
        <CreateChannelDialog
          communityId={community.id}
          onClose={() => setDialog(null)}
          onCreated={(channelId) => showChannel(community.id, channelId)}
        />
      )}
      {dialog === 'search' && community && (
        <SearchDialog community={community} onClose={() => setDialog(null)} onOpen={(channelId) => showChannel(community.id, channelId)} />
      )}
      {dialog === 'quick-switcher' && community && <QuickSwitcher community={community} onClose={() => setDialog(null)} onOpen={showChannel} />}
      {dialog === 'new-dm' && community && (
        <NewDirectMessageDialog
          communityId={community.id}
          onClose={() => setDialog(null)}
          onOpened={(channelId) => showChannel(community.id, channelId)}
        />
      )}
      {dialog === 'browse-channels' && community && (
        <BrowseChannelsDialog
          community={community}
          onClose={() => setDialog(null)}
          onOpen={(channelId) => showChannel(community.id, channelId)}
        />
      )}
      {dialog === 'add-member' && community && (
        <AddMemberDialog community={community} channelId={active.channelId} onClose={() => setDialog(null)} />
      )}
      {dialog === 'channel-members' && community && active.channelId && state.channels[active.channelId] && (
        <ChannelMembersDialog
          channelId={active.channelId}
          channelName={state.channels[active.channelId].name}
          onClose={() => setDialog(null)}
          onLeft={() => setDialog(null)}
        />
      )}
    </div>
  );
}
