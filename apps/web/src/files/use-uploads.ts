import { useCallback, useRef, useState } from 'react';
import type { Attachment } from '@app/shared';
import { LIMITS } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { uploadFile } from './upload-file';

export interface PendingUpload {
  localId: number;
  file: File;
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  attachment?: Attachment;
  error?: string;
}

/** A composer's files: uploaded as soon as they are picked, dropped or pasted; failed ones retry. */
export function useUploads(communityId: string) {
  const client = useChatClient();
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const nextId = useRef(1);

  const patch = (localId: number, change: Partial<PendingUpload>) =>
    setUploads((list) => list.map((u) => (u.localId === localId ? { ...u, ...change } : u)));

  const start = useCallback(
    (localId: number, file: File) => {
      patch(localId, { status: 'uploading', progress: 0, error: undefined });
      uploadFile(client, communityId, file, (progress) => patch(localId, { progress })).then(
        (attachment) => patch(localId, { status: 'done', progress: 1, attachment }),
        (err: Error) => patch(localId, { status: 'failed', error: err.message }),
      );
    },
    [client, communityId],
  );

  const add = useCallback(
    (files: Iterable<File>) => {
      const fresh = [...files].map((file) => ({ localId: nextId.current++, file, progress: 0, status: 'uploading' as const }));
      setUploads((list) => [...list, ...fresh].slice(0, LIMITS.attachmentsPerMessageMax));
      fresh.forEach((u) => start(u.localId, u.file));
    },
    [start],
  );

  const retry = (localId: number) => {
    const upload = uploads.find((u) => u.localId === localId);
    if (upload) start(localId, upload.file);
  };
  const remove = (localId: number) => setUploads((list) => list.filter((u) => u.localId !== localId));
  const clear = () => setUploads([]);
  const ready = uploads.filter((u) => u.status === 'done').map((u) => u.attachment!);
  const busy = uploads.some((u) => u.status === 'uploading');
  const failed = uploads.some((u) => u.status === 'failed');
  return { uploads, add, retry, remove, clear, ready, busy, failed };
}
