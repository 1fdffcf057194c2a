import type { ChatClient } from '@app/client';
import type { Attachment, ErrorBody } from '@app/shared';

/**
 * Uploads one file with progress (XMLHttpRequest: fetch reports no upload progress). Resolves with
 * the stored file; rejects with the server's message (a 413 names the limit) or a network error.
 */
export function uploadFile(client: ChatClient, communityId: string, file: File, onProgress: (fraction: number) => void): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${client.baseUrl}/api/communities/${encodeURIComponent(communityId)}/files`);
    xhr.setRequestHeader('Authorization', `Bearer ${client.token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) return resolve(body as Attachment);
      reject(new Error((body as ErrorBody | undefined)?.error?.message ?? `the upload failed (HTTP ${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error('the upload did not reach the server'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** A file's bytes as an object URL (downloads need the bearer token, which an <img src> cannot send). */
export async function fileObjectUrl(client: ChatClient, fileId: string, thumbnail: boolean): Promise<string> {
  const res = await fetch(`${client.baseUrl}/api/files/${encodeURIComponent(fileId)}${thumbnail ? '/thumbnail' : ''}`, {
    headers: { Authorization: `Bearer ${client.token}` },
  });
  if (!res.ok) throw new Error(`the file could not be loaded (HTTP ${res.status})`);
  return URL.createObjectURL(await res.blob());
}
