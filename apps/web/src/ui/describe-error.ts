import type { ChatError } from '@app/client';

/** A sentence a person can act on, per contract error code; the server's own message adds detail. */
export function describeError(error: ChatError): string {
  switch (error.code) {
    case 'unavailable':
      return `${error.message}. Check that the server is running, then try again.`;
    case 'forbidden':
      return `You are not allowed to do that. (${error.message})`;
    case 'not_found':
      return `Not found. (${error.message})`;
    case 'validation_failed':
      return error.details?.[0]?.message ? `Invalid input: ${error.details[0].message}` : error.message;
    case 'conflict':
      return `Already done or taken. (${error.message})`;
    case 'rate_limited':
      return 'Too many requests — wait a moment and try again.';
    case 'unauthorized':
      return 'Your session has expired. Please sign in again.';
    default:
      return `Something went wrong: ${error.message}`;
  }
}
