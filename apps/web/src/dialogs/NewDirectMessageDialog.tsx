import { useState, type FormEvent } from 'react';
import { LIMITS } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { Modal } from './Modal';
import { useSubmit } from './use-submit';

interface Props {
  communityId: string;
  onClose(): void;
  onOpened(channelId: string): void;
}

/** Opens the direct conversation with one or more people of the community (the same one each time). */
export function NewDirectMessageDialog({ communityId, onClose, onOpened }: Props) {
  const client = useChatClient();
  const [people, setPeople] = useState('');
  const { busy, error, setError, run } = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const usernames = [
      ...new Set(
        people
          .split(/[\s,]+/)
          .map((u) => u.replace(/^@/, ''))
          .filter(Boolean),
      ),
    ];
    if (usernames.length === 0) return setError('Name at least one person.');
    if (usernames.length > LIMITS.dmMembersMax - 1) return setError(`At most ${LIMITS.dmMembersMax - 1} people besides you.`);
    let openedId = '';
    const ok = await run(async () => {
      openedId = await client.openDirectConversationWith(communityId, usernames);
    });
    if (ok) {
      onOpened(openedId);
      onClose();
    }
  }

  return (
    <Modal title="New direct message" onClose={onClose}>
      <form onSubmit={submit} className="modal-body">
        <label className="field">
          <span>To</span>
          <input name="dm-people" value={people} onChange={(e) => setPeople(e.target.value)} placeholder="bob, carol" autoComplete="off" />
          <small className="muted">Usernames of members of this community, separated by commas.</small>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <footer className="modal-footer">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Opening…' : 'Open'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
