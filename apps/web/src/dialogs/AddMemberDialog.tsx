import { useState, type FormEvent } from 'react';
import { toChatError, type CommunityState } from '@app/client';
import { LIMITS } from '@app/shared';
import { useChatClient, useChatState } from '../app/chat-context';
import { Modal } from './Modal';
import { useSubmit } from './use-submit';

interface Props {
  community: CommunityState;
  channelId: string | null;
  onClose(): void;
}

/**
 * Adds someone by username: to the community (owners and admins), and optionally to the open
 * channel (the only way into a private one).
 */
export function AddMemberDialog({ community, channelId, onClose }: Props) {
  const client = useChatClient();
  const state = useChatState();
  const channel = channelId ? state.channels[channelId] : undefined;
  const canManage = community.role === 'owner' || community.role === 'admin';
  const [username, setUsername] = useState('');
  const [toChannel, setToChannel] = useState(!canManage || !!channel?.private);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    if (!LIMITS.usernamePattern.test(name)) return setError('Enter a valid username.');
    setDone(null);
    const ok = await run(async () => {
      if (canManage) {
        // Already a member is fine when the goal is to add them to the channel too.
        await client.addMemberByUsername(community.id, name).catch((err: unknown) => {
          if (toChatError(err).code !== 'conflict' || !toChannel) throw err;
        });
      }
      if (toChannel && channel) await client.addChannelMemberByUsername(channel.id, name);
    });
    if (ok) {
      setDone(`${name} was added${toChannel && channel ? ` to #${channel.name}` : ` to ${community.name}`}.`);
      setUsername('');
    }
  }

  return (
    <Modal title={`Add people to ${community.name}`} onClose={onClose}>
      <form onSubmit={submit} className="modal-body">
        <label className="field">
          <span>Username</span>
          <input name="member-username" value={username} maxLength={32} onChange={(e) => setUsername(e.target.value)} placeholder="e.g. bob" />
        </label>
        {channel && (
          <label className="toggle">
            <input type="checkbox" checked={toChannel} disabled={!canManage} onChange={(e) => setToChannel(e.target.checked)} />
            <span>
              <strong>Also add to #{channel.name}</strong>
              {!canManage && <small className="muted">Only owners and admins can add people to the community.</small>}
            </span>
          </label>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {done && (
          <p className="form-success" role="status">
            {done}
          </p>
        )}
        <footer className="modal-footer">
          <button type="button" className="btn" onClick={onClose}>
            Done
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || (!canManage && !channel)}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
