import { isErrorCode, type ErrorCode, type ErrorInfo, type ValidationIssue } from '@app/shared';

/**
 * Every failure the client surfaces, REST or socket, carries a contract error code so a UI can
 * branch on `code` instead of parsing messages. Network failures and timeouts become `unavailable`.
 */
export class ChatError extends Error {
  override readonly name = 'ChatError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** HTTP status when the error came from REST; 0 when the server could not be reached. */
    readonly status?: number,
    readonly details?: ValidationIssue[],
  ) {
    super(message);
  }

  static fromInfo(info: ErrorInfo, status?: number): ChatError {
    return new ChatError(info.code, info.message, status, info.details);
  }

  static unavailable(message = 'The server could not be reached'): ChatError {
    return new ChatError('unavailable', message, 0);
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Turns anything thrown into a ChatError, so callers never need to inspect unknown errors. */
export function toChatError(err: unknown): ChatError {
  if (err instanceof ChatError) return err;
  if (isErrorInfo(err)) return ChatError.fromInfo(err);
  const message = err instanceof Error ? err.message : String(err);
  return new ChatError('internal_error', message);
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    isErrorCode((value as { code?: unknown }).code) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
