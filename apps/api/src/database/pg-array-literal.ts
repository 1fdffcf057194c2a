/**
 * A Postgres array literal of values that never need quoting: uuids (validated before they get
 * here, or read from the database) and integers. One join instead of pg's escaping of each element;
 * text must go as a JavaScript array, which pg quotes and escapes.
 */
export function pgArrayLiteral(values: ReadonlyArray<string | number>): string {
  return `{${values.join(',')}}`;
}
