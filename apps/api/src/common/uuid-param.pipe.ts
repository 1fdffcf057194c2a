import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError, isUuid } from '@app/shared';

/**
 * Ids in paths are UUIDs; anything else names nothing that exists, so it is a 404 (and never
 * reaches Postgres as an invalid uuid).
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new DomainError('not_found', 'not found');
    return value.toLowerCase();
  }
}
