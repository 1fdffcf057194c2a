import type { ErrorCode, ErrorInfo, ValidationIssue } from '../contract/error-codes';

/**
 * What domain code in either app throws: a contract error code and a message safe to show a
 * client. The API's HTTP filter turns it into `{ error }` with the code's status; the socket app's
 * ack filter turns it into the event's failure ack.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static fromInfo(info: ErrorInfo): DomainError {
    return new DomainError(info.code, info.message, info.details);
  }

  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
