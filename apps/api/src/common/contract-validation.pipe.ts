import type { PipeTransform } from '@nestjs/common';
import type { ParseResult } from '@app/shared';
import { DomainError } from '@app/shared';

/** Runs one of the shared `validate.*` functions; any failure is `400 validation_failed` with details. */
export class ContractValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly validator: (input: unknown) => ParseResult<T>) {}

  transform(value: unknown): T {
    return parseOrThrow(this.validator, value);
  }
}

/** `@Body(validated(validate.loginBody))`: the rule stays in @app/shared, this only applies it. */
export function validated<T>(validator: (input: unknown) => ParseResult<T>): ContractValidationPipe<T> {
  return new ContractValidationPipe(validator);
}

export function parseOrThrow<T>(validator: (input: unknown) => ParseResult<T>, value: unknown): T {
  const result = validator(value);
  if (!result.ok) throw DomainError.fromInfo(result.error);
  return result.value;
}
