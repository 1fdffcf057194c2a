import type { ValueTransformer } from 'typeorm';

/**
 * Postgres `bigint` arrives as a string (it can exceed 2^53). Sequence numbers and read markers
 * stay far below Number.MAX_SAFE_INTEGER, and the contract carries them as numbers.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
