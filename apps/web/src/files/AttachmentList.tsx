import { useEffect, useState } from 'react';
import type { Attachment } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { formatBytes } from '../ui/format';
import { fileObjectUrl } from './upload-file';

/** A message's files: images as previews laid out at their size before loading, the rest as cards. */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  return (
    <div className="attachments">
      {attachments.map((a) => (a.thumbnail ? <ImagePreview key={a.id} attachment={a} /> : <FileCard key={a.id} attachment={a} />))}
    </div>
  );
}

function ImagePreview({ attachment }: { attachment: Attachment }) {
  const client = useChatClient();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    void fileObjectUrl(client, attachment.id, true).then(
      (u) => (live ? setSrc((url = u)) : URL.revokeObjectURL(u)),
      () => undefined,
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, attachment.id]);
  // The thumbnail's box, known before it loads: the list does not jump.
  const scale = Math.min(1, 360 / Math.max(attachment.width ?? 360, attachment.height ?? 360));
  const width = Math.round((attachment.width ?? 360) * scale);
  const height = Math.round((attachment.height ?? 360) * scale);
  return (
    <button
      type="button"
      className="attachment-image"
      onClick={() => void openFull(client, attachment)}
      aria-label={`Open ${attachment.name} full size`}
    >
      {src ? (
        <img src={src} alt={attachment.name} width={width} height={height} />
      ) : (
        <span className="attachment-placeholder" style={{ width, height }} />
      )}
    </button>
  );
}

function FileCard({ attachment }: { attachment: Attachment }) {
  const client = useChatClient();
  return (
    <button type="button" className="file-card" onClick={() => void download(client, attachment)} aria-label={`Download ${attachment.name}`}>
      <span className="file-name">{attachment.name}</span>
      <span className="muted">{formatBytes(attachment.size)}</span>
    </button>
  );
}

async function openFull(client: ReturnType<typeof useChatClient>, attachment: Attachment): Promise<void> {
  const url = await fileObjectUrl(client, attachment.id, false);
  window.open(url, '_blank', 'noopener');
}

async function download(client: ReturnType<typeof useChatClient>, attachment: Attachment): Promise<void> {
  const url = await fileObjectUrl(client, attachment.id, false);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
