import { useState, type FormEvent } from 'react';
import { LIMITS } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { Modal } from './Modal';
import { useSubmit } from './use-submit';

export function CreateCommunityDialog({ onClose, onCreated }: { onClose(): void; onCreated(id: string): void }) {
  const client = useChatClient();
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError('Give the community a name.');
    let createdId = '';
    const ok = await run(async () => {
      createdId = (await client.createCommunity(name.trim())).id;
    });
    if (ok) {
      onCreated(createdId);
      onClose();
    }
  }

  return (
    <Modal title="Create a community" onClose={onClose}>
      <form onSubmit={submit} className="modal-body">
        <p className="muted">A community is a shared space with its own channels and members. You will be its owner.</p>
        <label className="field">
          <span>Name</span>
          <input
            name="community-name"
            value={name}
            maxLength={LIMITS.communityNameMaxChars}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Acme Inc"
          />
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
