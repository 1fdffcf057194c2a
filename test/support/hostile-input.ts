import fc from 'fast-check';

/**
 * Input nobody should send, for property tests of every door: wrong types, prototype-pollution keys,
 * huge and malformed Unicode strings (lone surrogates, NUL, control characters), SQL metacharacters,
 * and near-valid payloads with one field gone wrong.
 */
const nastyStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'id\ud800',
    '\udc00x',
    "'; DROP TABLE messages; --",
    '" OR 1=1 --',
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    '00000000-0000-0000-0000-000000000000',
    '💥'.repeat(3000),
  ),
  fc.string({ minLength: 4001, maxLength: 5000 }),
);

const pollutedObject = fc.constantFrom<Record<string, unknown>>(
  JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>,
  { constructor: { prototype: { polluted: true } } },
  JSON.parse('{"prototype": {"x": 1}, "__proto__": null}') as Record<string, unknown>,
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 5 }),
  nastyStrings,
  pollutedObject,
  fc.constantFrom(null, undefined, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, true, [], {}),
);

/** `base` with one field replaced by hostile input, removed, or joined by an unknown one. */
export function nearly(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), anyValue).map(([key, value]) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))),
    fc.tuple(nastyStrings, anyValue).map(([key, value]) => ({ ...base, [key]: value })),
  );
}

/** Any payload: hostile values, and near-valid variants of `base`. */
export function hostile(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(anyValue, nearly(base));
}

export { anyValue, nastyStrings };
