import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { buildAsyncApiDocument, buildOpenApiDocument, DomainError, type JsonSchema } from '@app/shared';
import { SWAGGER_UI_ASSETS, SWAGGER_UI_DIR, SWAGGER_UI_HTML, SWAGGER_UI_INITIALIZER } from './swagger-ui-page';

/**
 * The protocol's machine-readable documents and a page to browse the REST one, public like the
 * protocol itself. Built once from libs/shared, the same source as the committed docs/*.json.
 */
@Controller('docs')
export class DocsController {
  private openApi?: JsonSchema;
  private asyncApi?: JsonSchema;

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return SWAGGER_UI_HTML;
  }

  @Get('openapi.json')
  openApiDocument(): JsonSchema {
    return (this.openApi ??= buildOpenApiDocument());
  }

  @Get('asyncapi.json')
  asyncApiDocument(): JsonSchema {
    return (this.asyncApi ??= buildAsyncApiDocument());
  }

  @Get('swagger-initializer.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  initializer(): string {
    return SWAGGER_UI_INITIALIZER;
  }

  @Get('assets/:file')
  @Header('Cache-Control', 'public, max-age=86400')
  asset(@Param('file') file: string): StreamableFile {
    // An allow-list, so a path parameter never reaches the file system as given.
    const type = Object.hasOwn(SWAGGER_UI_ASSETS, file) ? SWAGGER_UI_ASSETS[file] : undefined;
    if (!type) throw new DomainError('not_found', 'not found');
    return new StreamableFile(createReadStream(path.join(SWAGGER_UI_DIR, file)), { type });
  }
}
