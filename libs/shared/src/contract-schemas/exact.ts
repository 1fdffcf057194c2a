/**
 * `true` only when A and B are the same type. `satisfies z.ZodType<T>` alone lets a schema carry a
 * field its interface lacks (structural typing), and mutual assignability still misses an optional
 * field on one side only; comparing the types as identical (the conditional-type trick) does not.
 */
export type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Fails to compile unless every entry is `true`: `type _Checks = AllTrue<[Exact<A, B>, ...]>`. */
export type AllTrue<T extends true[]> = T;
