import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

export interface FileRow {
  id: string;
  community_id: string;
  uploader_id: string;
  name: string;
  content_type: string;
  size: string;
  width: number | null;
  height: number | null;
  storage_key: string;
  thumbnail_key: string | null;
  message_id: string | null;
  channel_id: string | null;
}

export type NewFile = Pick<
  FileRow,
  'id' | 'community_id' | 'uploader_id' | 'name' | 'content_type' | 'storage_key' | 'thumbnail_key' | 'width' | 'height'
> & {
  size: number;
};

/** The files table's SQL (attaching is the message writer's: message-attachments.ts). */
@Injectable()
export class FilesRepository {
  constructor(private readonly db: Database) {}

  async insert(file: NewFile): Promise<void> {
    await this.db.query(
      `INSERT INTO files (id, community_id, uploader_id, name, content_type, size, width, height, storage_key, thumbnail_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        file.id,
        file.community_id,
        file.uploader_id,
        file.name,
        file.content_type,
        file.size,
        file.width,
        file.height,
        file.storage_key,
        file.thumbnail_key,
      ],
    );
  }

  async find(id: string): Promise<FileRow | undefined> {
    const [row] = await this.db.query<FileRow>('SELECT * FROM files WHERE id = $1', [id]);
    return row;
  }

  /** Removes unattached files older than the given age; returns their storage keys. */
  async deleteUnattachedOlderThan(seconds: number): Promise<{ storage_key: string; thumbnail_key: string | null }[]> {
    return this.db.query(
      `DELETE FROM files WHERE message_id IS NULL AND created_at < now() - make_interval(secs => $1)
       RETURNING storage_key, thumbnail_key`,
      [seconds],
    );
  }
}
