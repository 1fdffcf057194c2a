import { DomainError, isUuid } from '@app/shared';

/**
 * Where the next page starts: the last hit's time, seq and id (hits are newest first; the messages
 * of one write share a time, then the higher seq comes first). The time is Postgres's own text, to
 * the microsecond: a JavaScript Date would round it to the millisecond and skip hits.
 */
export interface SearchCursor {
  createdAt: string;
  seq: number;
  id: string;
}

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.seq, cursor.id])).toString('base64url');
}

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)?$/;

export function decodeCursor(text: string): SearchCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      PG_TIMESTAMP.test(value[0]) &&
      Number.isSafeInteger(value[1]) &&
      (value[1] as number) > 0 &&
      typeof value[2] === 'string' &&
      isUuid(value[2])
    ) {
      return { createdAt: value[0], seq: value[1] as number, id: value[2] };
    }
  } catch {
    // falls through to the refusal
  }
  throw new DomainError('validation_failed', 'invalid search query: cursor: must be a cursor from an earlier answer');
}
