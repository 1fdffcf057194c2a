import type { ErrorCode, ErrorInfo, ValidationIssue } from '@app/shared';

/**
 * What domain code throws: a contract error code and a message safe to show a client. The HTTP
 * filter and the internal batch turn it into the contract's error body or result.
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
