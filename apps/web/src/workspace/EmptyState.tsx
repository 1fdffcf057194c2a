import type { DialogKind } from './dialog-kind';

interface Props {
  hasCommunity: boolean;
  onOpenDialog(kind: DialogKind): void;
}

/** What a new user sees: one clear next step instead of an empty pane. */
export function EmptyState({ hasCommunity, onOpenDialog }: Props) {
  return (
    <div className="empty-state">
      {hasCommunity ? (
        <>
          <h2>No channel yet</h2>
          <p className="muted">Channels are where conversations happen. Create one or join an existing public channel.</p>
          <div className="row-gap">
            <button className="btn btn-primary" onClick={() => onOpenDialog('create-channel')}>
              Create a channel
            </button>
            <button className="btn" onClick={() => onOpenDialog('browse-channels')}>
              Browse channels
            </button>
          </div>
        </>
      ) : (
        <>
          <h2>Welcome to Commu Chat</h2>
          <p className="muted">You are not in any community yet. Create one, or ask someone to add you to theirs.</p>
          <button className="btn btn-primary" onClick={() => onOpenDialog('create-community')}>
            Create a community
          </button>
        </>
      )}
    </div>
  );
}
