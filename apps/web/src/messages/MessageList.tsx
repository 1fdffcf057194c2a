import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChannelState } from '@app/client';
import type { UserSummary } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { formatDay } from '../ui/format';
import { LiveAnnouncer } from './LiveAnnouncer';
import { takeJump } from '../search/jump-request';
import { layoutMessages } from './message-groups';
import { MessageRow } from './MessageRow';
import { OutgoingRow } from './OutgoingRow';

interface Props {
  channel: ChannelState;
  me: UserSummary;
  /** The channel's read marker and last seq when it was opened: what the "New" divider marks. */
  unreadAtOpen: { after: number; upTo: number };
  onOpenThread(rootId: string): void;
}

const NEAR_BOTTOM_PX = 48;
const LOAD_OLDER_AT_PX = 240;
/** Older pages fetched at most to reach the first unread message on open (50 each). */
const LANDING_PAGES_MAX = 20;

/**
 * The scrolling message pane. Opens at the first unread message under the "New" divider (fetching
 * older pages until it is loaded), sticks to the bottom while the reader is there, keeps the reading
 * position when an older page is prepended, and reports the newest message actually on screen as
 * read, so the marker moves only as far as the reader has scrolled. Scrolled up, new messages show a
 * pill that jumps down; with the divider above the screen, a control jumps back to it.
 */
export function MessageList({ channel, me, unreadAtOpen, onOpenThread }: Props) {
  const client = useChatClient();
  const scrollRef = useRef<HTMLDivElement>(null);
  // A search hit asked for this channel: show that message instead of landing at the first unread.
  const [jumpTo] = useState(() => takeJump(channel.id));
  // With unread messages the pane lands at the first of them; until then nothing is marked read.
  const landing = useRef(jumpTo === null && unreadAtOpen.upTo > unreadAtOpen.after ? { pages: 0 } : null);
  const stickToBottom = useRef(landing.current === null && jumpTo === null);
  const jumped = useRef(false);
  const [view, setView] = useState({ atBottom: true, dividerAbove: false });
  const prepend = useRef<{ height: number; top: number; firstSeq: number } | null>(null);
  // Thread replies are messages of the channel (seqs, unread) but show under their root, in the thread pane.
  const inChannel = useMemo(() => channel.messages.filter((m) => !m.threadRootId), [channel.messages]);
  const items = useMemo(() => layoutMessages(inChannel, unreadAtOpen, me.id), [inChannel, unreadAtOpen, me.id]);
  const outbox = useMemo(() => channel.outbox.filter((e) => !e.threadRootId), [channel.outbox]);
  const lastSeq = channel.messages.at(-1)?.seq ?? 0;
  const firstSeq = channel.messages[0]?.seq ?? 0;

  const reportVisible = useCallback(() => {
    const el = scrollRef.current;
    if (!el || landing.current || document.visibilityState !== 'visible') return;
    const bottom = el.getBoundingClientRect().bottom;
    const rows = el.querySelectorAll<HTMLElement>('[data-read-to]');
    for (let i = rows.length - 1; i >= 0; i--) {
      // Newest row whose top is on screen: what the reader has now seen, with the thread replies
      // written before the next row (they are read in their thread, not here).
      if (rows[i].getBoundingClientRect().top < bottom - 8) {
        client.markRead(channel.id, Number(rows[i].dataset.readTo));
        return;
      }
    }
  }, [client, channel.id]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    const divider = el.querySelector<HTMLElement>('.new-divider');
    const dividerAbove = !!divider && divider.getBoundingClientRect().bottom < el.getBoundingClientRect().top;
    setView((v) =>
      v.atBottom === stickToBottom.current && v.dividerAbove === dividerAbove ? v : { atBottom: stickToBottom.current, dividerAbove },
    );
    if (!landing.current && el.scrollTop < LOAD_OLDER_AT_PX && channel.hasMoreBefore && !channel.loadingOlder && channel.loaded) {
      prepend.current = { height: el.scrollHeight, top: el.scrollTop, firstSeq };
      void client.loadOlder(channel.id);
    }
    reportVisible();
  }, [client, channel.id, channel.hasMoreBefore, channel.loadingOlder, channel.loaded, firstSeq, reportVisible]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const pending = prepend.current;
    if (pending && firstSeq < pending.firstSeq) {
      el.scrollTop = pending.top + (el.scrollHeight - pending.height);
      prepend.current = null;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    reportVisible();
  }, [channel.messages, channel.outbox, firstSeq, reportVisible]);

  // Landing: older pages until the first unread message is loaded, then scroll it to the top.
  useEffect(() => {
    const el = scrollRef.current;
    const state = landing.current;
    if (!el || !state || !channel.loaded || channel.loadingOlder) return;
    const reached = firstSeq <= unreadAtOpen.after + 1 || !channel.hasMoreBefore || state.pages >= LANDING_PAGES_MAX;
    if (!reached) {
      state.pages++;
      void client.loadOlder(channel.id);
      return;
    }
    landing.current = null;
    const divider = el.querySelector<HTMLElement>('.new-divider');
    if (divider) el.scrollTop = divider.offsetTop - el.offsetTop - 8;
    else el.scrollTop = el.scrollHeight;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    setView({ atBottom: stickToBottom.current, dividerAbove: false });
    reportVisible();
  }, [client, channel.id, channel.loaded, channel.loadingOlder, channel.hasMoreBefore, firstSeq, unreadAtOpen.after, reportVisible]);

  // The hit's row, once loaded: centred and marked for a moment.
  useEffect(() => {
    const el = scrollRef.current;
    if (jumpTo === null || jumped.current || !el || !channel.loaded) return;
    const row = el.querySelector<HTMLElement>(`.message[data-seq="${jumpTo}"]`);
    if (!row) return;
    jumped.current = true;
    el.scrollTop = row.offsetTop - el.offsetTop - el.clientHeight / 2 + row.offsetHeight / 2;
    row.classList.add('highlighted');
    setTimeout(() => row.classList.remove('highlighted'), 4000);
    onScroll();
  }, [jumpTo, channel.loaded, channel.messages, onScroll]);

  const jumpToBottom = () => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    stickToBottom.current = true;
    setView((v) => ({ ...v, atBottom: true }));
    reportVisible();
  };
  const jumpToFirstUnread = () => {
    const el = scrollRef.current;
    const divider = el?.querySelector<HTMLElement>('.new-divider');
    if (el && divider) el.scrollTop = divider.offsetTop - el.offsetTop - 8;
  };
  // Messages of others that arrived while scrolled up, not yet read: what the pill counts.
  const newBelow = view.atBottom ? 0 : channel.unread;

  // Reading happens when the tab comes back into view too.
  useEffect(() => {
    const onVisible = () => reportVisible();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, [reportVisible]);

  return (
    <div className="message-pane">
      {view.dividerAbove && (
        <button className="jump-pill jump-pill-top" onClick={jumpToFirstUnread}>
          ↑ Jump to first unread
        </button>
      )}
      <div className="message-scroll" ref={scrollRef} onScroll={onScroll} data-testid="message-list">
        <div className="message-list">
          {channel.loaded && !channel.hasMoreBefore && (
            <div className="channel-intro">
              <h2>Welcome to #{channel.name}</h2>
              <p className="muted">This is the very beginning of the channel.</p>
            </div>
          )}
          {(channel.loadingOlder || channel.loading) && <div className="list-loading">Loading messages…</div>}
          {items.map((item, i) => (
            <div key={item.message.seq} data-read-to={i + 1 < items.length ? items[i + 1].message.seq - 1 : lastSeq}>
              {item.newDay && (
                <div className="day-divider">
                  <span>{formatDay(item.message.createdAt)}</span>
                </div>
              )}
              {item.firstUnread && (
                <div className="new-divider">
                  <span>New</span>
                </div>
              )}
              <MessageRow message={item.message} compact={item.compact} mine={item.message.author.id === me.id} onOpenThread={onOpenThread} />
            </div>
          ))}
          {outbox.map((entry) => (
            <OutgoingRow key={entry.clientMsgId} entry={entry} me={me} />
          ))}
        </div>
      </div>
      {newBelow > 0 && (
        <button className="jump-pill jump-pill-bottom" onClick={jumpToBottom}>
          {newBelow} new message{newBelow === 1 ? '' : 's'} ↓
        </button>
      )}
      <LiveAnnouncer messages={inChannel} me={me} />
    </div>
  );
}
