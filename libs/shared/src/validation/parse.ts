import { z } from 'zod';
import type { ErrorInfo, ValidationIssue } from '../contract/error-codes';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Runs a schema and turns its failure into the contract's `validation_failed` error. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): ParseResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const details: ValidationIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = details[0];
  return {
    ok: false,
    error: {
      code: 'validation_failed',
      message: `invalid ${what}: ${first.path === '(root)' ? '' : `${first.path}: `}${first.message}`,
      details,
    },
  };
}
