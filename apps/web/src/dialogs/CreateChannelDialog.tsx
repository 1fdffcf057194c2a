import { useState, type FormEvent } from 'react';
import { LIMITS } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { Modal } from './Modal';
import { useSubmit } from './use-submit';

interface Props {
  communityId: string;
  onClose(): void;
  onCreated(channelId: string): void;
}

export function CreateChannelDialog({ communityId, onClose, onCreated }: Props) {
  const client = useChatClient();
  const [name, setName] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const { busy, error, setError, run } = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const clean = name.trim().replace(/^#/, '');
    if (!clean) return setError('Give the channel a name.');
    let createdId = '';
    const ok = await run(async () => {
      createdId = (await client.createChannel(communityId, clean, isPrivate)).id;
    });
    if (ok) {
      onCreated(createdId);
      onClose();
    }
  }

  return (
    <Modal title="Create a channel" onClose={onClose}>
      <form onSubmit={submit} className="modal-body">
        <label className="field">
          <span>Name</span>
          <div className="input-prefix">
            <span aria-hidden="true">#</span>
            <input
              name="channel-name"
              value={name}
              maxLength={LIMITS.channelNameMaxChars}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. plan-budget"
            />
          </div>
        </label>
        <label className="toggle">
          <input type="checkbox" name="private" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
          <span>
            <strong>Make private</strong>
            <small className="muted">Only people you add can see and join it.</small>
          </span>
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
            {busy ? 'Creating…' : 'Create'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
