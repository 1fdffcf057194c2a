import { useEffect, useState } from 'react';
import type { CommunityState } from '@app/client';
import { useChatClient, useChatState } from '../app/chat-context';
import { dmTitle } from '../direct-messages/dm-title';
import { MuteToggle } from '../notifications/MuteToggle';
import { AtIcon, HashIcon, LockIcon } from '../ui/icons';
import type { DialogKind } from '../workspace/dialog-kind';
import { Composer } from './Composer';
import { ConnectionBanner } from './ConnectionBanner';
import { MessageList } from './MessageList';
import { ChannelTopic } from './ChannelTopic';
import { ThreadPane } from './ThreadPane';
import { TypingIndicator } from './TypingIndicator';

interface Props {
  channelId: string;
  community: CommunityState;
  onOpenDialog(kind: DialogKind): void;
  /** Narrow screens: back from the channel to the list of channels. */
  onShowNav(): void;
}

/** One open channel: header, connection state, messages, who is typing, and the composer. */
export function ChannelView({ channelId, community, onOpenDialog, onShowNav }: Props) {
  const client = useChatClient();
  const state = useChatState();
  const channel = state.channels[channelId];
  // What was unread when the channel was opened: where the "New" divider goes.
  const [unreadAtOpen] = useState(() => ({ after: channel?.lastReadSeq ?? 0, upTo: channel?.lastSeq ?? 0 }));

  useEffect(() => {
    if (channel?.isMember && !channel.loaded) void client.openChannel(channelId);
  }, [client, channelId, channel?.isMember, channel?.loaded]);

  if (!channel || !state.me) return null;
  const isDm = channel.kind === 'dm';
  const title = isDm ? dmTitle(channel, state.me.id) : channel.name;

  return (
    <div className={`channel-layout${channel.thread ? ' with-thread' : ''}`}>
      <section className="channel-view" aria-label={isDm ? `Direct message with ${title}` : `Channel ${channel.name}`}>
        <header className="channel-header">
          <button className="channel-back btn btn-small btn-ghost" aria-label="Back to channels" onClick={onShowNav}>
            ‹
          </button>
          <h1 className="channel-title">
            {isDm ? <AtIcon /> : channel.private ? <LockIcon /> : <HashIcon />}
            <span>{title}</span>
          </h1>
          {channel.isMember && <ChannelTopic key={channel.topic} channelId={channel.id} topic={channel.topic} />}
          <div className="channel-header-actions">
            <MuteToggle channelId={channel.id} />
            {channel.isMember && (
              <button className="btn btn-small btn-ghost" onClick={() => onOpenDialog('channel-members')}>
                Members
              </button>
            )}
            {!isDm && (
              <button className="btn btn-small btn-ghost" onClick={() => onOpenDialog('add-member')}>
                Add people
              </button>
            )}
          </div>
        </header>
        <ConnectionBanner community={community} />
        {channel.loadError && !channel.loaded ? (
          <div className="load-error" role="alert">
            <p>Could not load messages: {channel.loadError.message}</p>
            <button className="btn btn-small" onClick={() => void client.openChannel(channelId)}>
              Try again
            </button>
          </div>
        ) : (
          <MessageList
            channel={channel}
            me={state.me}
            unreadAtOpen={unreadAtOpen}
            onOpenThread={(rootId) => void client.openThread(channel.id, rootId)}
          />
        )}
        <TypingIndicator typing={channel.typing} />
        <Composer
          userId={state.me.id}
          communityId={community.id}
          channelId={channel.id}
          channelName={channel.name}
          label={isDm ? `Message ${title}` : undefined}
        />
      </section>
      {channel.thread && <ThreadPane channel={channel} me={state.me} />}
    </div>
  );
}
