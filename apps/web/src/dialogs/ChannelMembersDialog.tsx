import { useEffect, useState } from 'react';
import { toChatError } from '@app/client';
import type { UserSummary } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { Avatar } from '../ui/Avatar';
import { describeError } from '../ui/describe-error';
import { Modal } from './Modal';

interface Props {
  channelId: string;
  channelName: string;
  onClose(): void;
  /** After leaving: the workspace shows something else. */
  onLeft(): void;
}

/** Who is in the channel, and leaving it (after a confirmation). */
export function ChannelMembersDialog({ channelId, channelName, onClose, onLeft }: Props) {
  const client = useChatClient();
  const [members, setMembers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    let live = true;
    client.channelMembers(channelId).then(
      (list) => live && setMembers(list),
      (err: unknown) => live && setError(describeError(toChatError(err))),
    );
    return () => {
      live = false;
    };
  }, [client, channelId]);

  async function leave() {
    try {
      await client.leaveChannel(channelId);
      onLeft();
    } catch (err) {
      setError(describeError(toChatError(err)));
    }
  }

  return (
    <Modal title={`Members of #${channelName}`} onClose={onClose}>
      <div className="modal-body">
        {members === null && !error && <p className="muted">Loading members…</p>}
        {members && (
          <ul className="member-list" aria-label="Channel members">
            {members.map((m) => (
              <li key={m.id} className="member-item">
                <Avatar name={m.username} size="sm" />
                <span>{m.username}</span>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          {confirming ? (
            <div role="alertdialog" aria-label="Leave channel?" className="row-gap">
              <span>Leave #{channelName}?</span>
              <button className="btn btn-small" onClick={() => setConfirming(false)}>
                Cancel
              </button>
              <button className="btn btn-small btn-danger" onClick={() => void leave()}>
                Leave
              </button>
            </div>
          ) : (
            <button className="btn btn-small btn-danger" onClick={() => setConfirming(true)}>
              Leave channel
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}
