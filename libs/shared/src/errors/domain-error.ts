import type { ErrorCode, ErrorInfo, ValidationIssue } from '../contract/error-codes';

/**
 * What domain code in either app throws: a contract error code and a message safe to show a
 * client. The API's HTTP filter turns it into `{ error }` with the code's status; the socket app's
 * ack filter turns it into the event's failure ack.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: ValidationIssue[];

  constructor(code: ErrorCode, message: string, details?: ValidationIssue[]) {
    // An expected outcome, answered to the client and never logged with a stack: capturing one
    // was most of its cost, 4 % of the socket app's CPU when an overloaded server refuses chats.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'DomainError';
    this.code = code;
    if (details) this.details = details;
  }

  static fromInfo(info: ErrorInfo): DomainError {
    return new DomainError(info.code, info.message, info.details);
  }

  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
