import { Module } from '@nestjs/common';
import path from 'node:path';
import { ChannelsModule } from '../channels/channels.module';
import { CommunitiesModule } from '../communities/communities.module';
import { ApiConfig } from '../config/api-config';
import { FilesCleanupService } from './files-cleanup.service';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { FileStorage } from './storage/file-storage';
import { LocalFileStorage } from './storage/local-file-storage';
import { S3FileStorage } from './storage/s3-file-storage';

/** FILES_DRIVER picks the storage: a local directory, or an S3-compatible store. */
@Module({
  imports: [CommunitiesModule, ChannelsModule],
  controllers: [FilesController],
  providers: [
    FilesService,
    FilesRepository,
    FilesCleanupService,
    {
      provide: FileStorage,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig): FileStorage =>
        config.FILES_DRIVER === 's3'
          ? new S3FileStorage({
              bucket: config.S3_BUCKET!,
              region: config.S3_REGION,
              endpoint: config.S3_ENDPOINT,
              forcePathStyle: config.S3_FORCE_PATH_STYLE,
              accessKeyId: config.S3_ACCESS_KEY_ID,
              secretAccessKey: config.S3_SECRET_ACCESS_KEY,
            })
          : new LocalFileStorage(path.resolve(config.FILES_DIR)),
    },
  ],
})
export class FilesModule {}
