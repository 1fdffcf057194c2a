import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Attachment, UserSummary } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import type { HttpRequest, HttpResponse } from '../common/http.types';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { type FileDownload, FilesService } from './files.service';

/** `attachment; filename="..."` with an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(inline: boolean, name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@Controller()
@UseGuards(JwtAuthGuard)
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /** multipart/form-data with one field `file`, streamed (see upload-receiver.ts). */
  @Post('communities/:id/files')
  @HttpCode(201)
  upload(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) communityId: string, @Req() req: HttpRequest): Promise<Attachment> {
    return this.files.upload(user.id, communityId, req);
  }

  @Get('files/:id')
  async download(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) fileId: string, @Res() res: HttpResponse): Promise<void> {
    await send(res, await this.files.download(user.id, fileId, false));
  }

  @Get('files/:id/thumbnail')
  async thumbnail(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) fileId: string, @Res() res: HttpResponse): Promise<void> {
    await send(res, await this.files.download(user.id, fileId, true));
  }
}

async function send(res: HttpResponse, file: FileDownload): Promise<void> {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-disposition': contentDisposition(file.inline, file.name),
    'x-content-type-options': 'nosniff',
    // Opened directly, a file is a document of its own: no scripts, no plugins, nothing else loaded.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'cache-control': 'private, max-age=3600',
  });
  await pipeline(file.body, res).catch(() => res.destroy());
}
