import { formatBytes } from '../ui/format';
import type { PendingUpload } from './use-uploads';

/** The files picked for the next message: progress while uploading, Retry when it failed. */
export function PendingUploads({
  uploads,
  onRetry,
  onRemove,
}: {
  uploads: PendingUpload[];
  onRetry(id: number): void;
  onRemove(id: number): void;
}) {
  if (uploads.length === 0) return null;
  return (
    <ul className="pending-uploads" aria-label="Files to send">
      {uploads.map((u) => (
        <li key={u.localId} className={`pending-upload ${u.status}`}>
          <span className="file-name">{u.file.name}</span>
          <span className="muted">{formatBytes(u.file.size)}</span>
          {u.status === 'uploading' && <progress value={u.progress} max={1} aria-label={`Uploading ${u.file.name}`} />}
          {u.status === 'failed' && (
            <>
              <span className="form-error" role="alert">
                {u.error}
              </span>
              <button type="button" className="btn btn-small" onClick={() => onRetry(u.localId)}>
                Retry
              </button>
            </>
          )}
          <button type="button" className="icon-button" aria-label={`Remove ${u.file.name}`} onClick={() => onRemove(u.localId)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
