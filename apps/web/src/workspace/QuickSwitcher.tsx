import { useMemo, useState, type KeyboardEvent } from 'react';
import type { CommunityState } from '@app/client';
import { LIMITS } from '@app/shared';
import { useChatClient, useChatState } from '../app/chat-context';
import { Modal } from '../dialogs/Modal';
import { useSubmit } from '../dialogs/use-submit';
import { dmTitle } from '../direct-messages/dm-title';
import { rankNames } from '../messages/mention-query';

interface Props {
  /** The community shown now: its conversations come first, and "Message @name" opens a DM there. */
  community: CommunityState;
  onClose(): void;
  onOpen(communityId: string, channelId: string): void;
}

interface Option {
  key: string;
  label: string;
  run(): Promise<{ communityId: string; channelId: string }>;
}

/**
 * Ctrl/Cmd+K: jump to a channel or direct conversation, of this community or another, by typing part
 * of its name, or message someone by username (their conversation is opened, made if new). Arrows
 * and Enter.
 */
export function QuickSwitcher({ community, onClose, onOpen }: Props) {
  const client = useChatClient();
  const state = useChatState();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const { error, run } = useSubmit();
  const meId = state.me?.id ?? '';

  const options = useMemo<Option[]>(() => {
    const byLabel = new Map<string, Option>();
    // The shown community first; other communities' conversations carry its name.
    const communities = [community, ...state.communities.filter((c) => c.id !== community.id)];
    for (const c of communities) {
      const suffix = c.id === community.id ? '' : ` · ${c.name}`;
      const add = (id: string, label: string) => {
        if (!byLabel.has(label)) byLabel.set(label, { key: id, label, run: async () => ({ communityId: c.id, channelId: id }) });
      };
      for (const id of c.channelIds) {
        const channel = state.channels[id];
        if (channel?.isMember) add(id, `#${channel.name}${suffix}`);
      }
      for (const id of c.dmIds) {
        const dm = state.channels[id];
        if (dm) add(id, `${dmTitle(dm, meId)}${suffix}`);
      }
    }
    const q = query.trim().replace(/^[#@]/, '');
    const ranked = rankNames([...byLabel.keys()], q, 10).map((label) => byLabel.get(label)!);
    if (LIMITS.usernamePattern.test(q) && !ranked.some((o) => o.label === q)) {
      ranked.push({
        key: `person:${q}`,
        label: `Message @${q}`,
        run: async () => ({ communityId: community.id, channelId: await client.openDirectConversationWith(community.id, [q]) }),
      });
    }
    return ranked;
  }, [client, community, state.communities, state.channels, meId, query]);

  async function choose(option: Option | undefined) {
    if (!option) return;
    let target = { communityId: '', channelId: '' };
    if (await run(async () => void (target = await option.run()))) {
      onOpen(target.communityId, target.channelId);
      onClose();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : options.length - 1;
      setActive((i) => (options.length === 0 ? 0 : (i + step) % options.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void choose(options[Math.min(active, options.length - 1)]);
    }
  }

  return (
    <Modal title="Jump to a conversation" onClose={onClose}>
      <div className="modal-body quick-switcher">
        <input
          aria-label="Conversation or person"
          role="combobox"
          aria-expanded="true"
          aria-controls="quick-switcher-options"
          aria-activedescendant={options.length > 0 ? `quick-switcher-${Math.min(active, options.length - 1)}` : undefined}
          placeholder="Channel, direct message or username"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="quick-switcher-options" role="listbox" id="quick-switcher-options" aria-label="Conversations">
          {options.map((option, i) => (
            <li
              key={option.key}
              id={`quick-switcher-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(option);
              }}
            >
              {option.label}
            </li>
          ))}
        </ul>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
