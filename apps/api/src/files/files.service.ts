import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { type Attachment, DomainError } from '@app/shared';
import { ChannelAccessService } from '../channels/channel-access.service';
import { CommunityAccessService } from '../communities/community-access.service';
import { ApiConfig } from '../config/api-config';
import { toAttachment } from '../messages/message-row';
import { FilesRepository } from './files.repository';
import { imageSize, PREVIEWABLE, thumbnailOf } from './image-info';
import { FileStorage } from './storage/file-storage';
import { receiveUpload } from './upload-receiver';

/** A file's bytes and how to send them. */
export interface FileDownload {
  body: Readable;
  name: string;
  contentType: string;
  /** Shown in the page (safe raster images) or saved (everything else: SVG and HTML included). */
  inline: boolean;
}

/**
 * Uploads and downloads. An upload is streamed to storage as it arrives, then described: images get
 * their size and a thumbnail. A download is for the uploader while the file is unattached, then for
 * the members of the conversation its message is in, the same right as reading the message.
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly files: FilesRepository,
    private readonly storage: FileStorage,
    private readonly communities: CommunityAccessService,
    private readonly channels: ChannelAccessService,
    private readonly config: ApiConfig,
  ) {}

  async upload(userId: string, communityId: string, req: IncomingMessage): Promise<Attachment> {
    await this.communities.requireMember(userId, communityId);
    const id = randomUUID();
    const key = `${communityId}/${id}`;
    let received;
    try {
      received = await receiveUpload(req, this.config.MAX_UPLOAD_BYTES, (body, contentType) => this.storage.put(key, body, contentType));
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      throw err;
    }
    let size: { width: number; height: number } | null = null;
    let thumbnailKey: string | null = null;
    if (PREVIEWABLE.has(received.contentType)) {
      size = await imageSize(await this.storage.get(key));
      if (size) {
        try {
          await this.storage.put(`${key}.thumb`, thumbnailOf(await this.storage.get(key)), 'image/webp');
          thumbnailKey = `${key}.thumb`;
        } catch (err) {
          this.logger.warn(`no thumbnail for file ${id}: ${(err as Error).message}`);
        }
      }
    }
    const row = {
      id,
      community_id: communityId,
      uploader_id: userId,
      name: received.name,
      content_type: received.contentType,
      size: received.size,
      width: size?.width ?? null,
      height: size?.height ?? null,
      storage_key: key,
      thumbnail_key: thumbnailKey,
    };
    await this.files.insert(row);
    return toAttachment({
      id,
      name: row.name,
      size: row.size,
      contentType: row.content_type,
      width: row.width,
      height: row.height,
      thumbnail: thumbnailKey !== null,
    });
  }

  async download(userId: string, fileId: string, thumbnail: boolean): Promise<FileDownload> {
    const file = await this.files.find(fileId);
    if (!file) throw new DomainError('not_found', 'no such file');
    if (file.channel_id) await this.channels.requireChannelMember(userId, file.channel_id);
    else if (file.uploader_id !== userId) throw new DomainError('not_found', 'no such file');
    if (thumbnail && !file.thumbnail_key) throw new DomainError('not_found', 'this file has no thumbnail');
    const key = thumbnail ? file.thumbnail_key! : file.storage_key;
    const contentType = thumbnail ? 'image/webp' : file.content_type;
    let body: Readable;
    try {
      body = await this.storage.get(key);
    } catch {
      throw new DomainError('not_found', 'the file is gone');
    }
    return { body, name: file.name, contentType, inline: PREVIEWABLE.has(contentType) || thumbnail };
  }
}
