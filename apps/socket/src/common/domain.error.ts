import type { ErrorCode, ErrorInfo, ValidationIssue } from '@app/shared';

/** What handlers throw: a contract code the socket side turns into the event's failure ack. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static from(info: ErrorInfo): DomainError {
    return new DomainError(info.code, info.message, info.details);
  }

  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
