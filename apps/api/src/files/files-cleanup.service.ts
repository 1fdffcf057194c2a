import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { FilesRepository } from './files.repository';
import { FileStorage } from './storage/file-storage';

/** Uploads never attached to a message are removed after this long. */
export const UNATTACHED_TTL_SECONDS = 86_400;
const SWEEP_EVERY_MS = 15 * 60_000;

/**
 * Removes unattached uploads older than a day, every quarter of an hour. Idempotent, so several API
 * instances may all run it: each row is deleted once (DELETE ... RETURNING), then its bytes.
 */
@Injectable()
export class FilesCleanupService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FilesCleanupService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly files: FilesRepository,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((err: Error) => this.logger.warn(`file cleanup failed: ${err.message}`)),
      SWEEP_EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many files were removed. */
  async sweep(olderThanSeconds = UNATTACHED_TTL_SECONDS): Promise<number> {
    const gone = await this.files.deleteUnattachedOlderThan(olderThanSeconds);
    for (const row of gone) {
      await this.storage.delete(row.storage_key);
      if (row.thumbnail_key) await this.storage.delete(row.thumbnail_key);
    }
    if (gone.length > 0) this.logger.log(`removed ${gone.length} unattached upload(s)`);
    return gone.length;
  }
}
