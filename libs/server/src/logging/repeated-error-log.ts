/**
 * Keeps a burst of the same failure from flooding the logs. During an outage every request fails
 * the same way (858 stacks in 5 s of a database outage, measured by an outside probe); the first
 * occurrence of a kind is logged in full, the repeats within `windowMs` are only counted, and the
 * next one logged after the window says how many were left out.
 */
export class RepeatedErrorLog {
  private readonly kinds = new Map<string, { since: number; suppressed: number }>();

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
    /** Kinds remembered at most; the oldest are forgotten first. */
    private readonly maxKinds = 100,
  ) {}

  /** Null: do not log this one. Otherwise the note to add to the line (empty when nothing was left out). */
  admit(kind: string): string | null {
    const now = this.now();
    const seen = this.kinds.get(kind);
    if (seen && now - seen.since < this.windowMs) {
      seen.suppressed++;
      return null;
    }
    const note =
      seen && seen.suppressed > 0
        ? ` (${seen.suppressed} more like it in the ${Math.round((now - seen.since) / 1000)} s before, not logged)`
        : '';
    this.kinds.delete(kind);
    this.kinds.set(kind, { since: now, suppressed: 0 });
    if (this.kinds.size > this.maxKinds) this.kinds.delete(this.kinds.keys().next().value!);
    return note;
  }
}

/** The kind of an error for {@link RepeatedErrorLog}: its class, code and first line, without ids or numbers. */
export function errorKind(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 200);
  const code = (err as { code?: unknown }).code;
  const firstLine = err.message.split('\n', 1)[0].replace(/[0-9a-f-]{8,}|\d+/gi, '#');
  return `${err.name}:${typeof code === 'string' ? code : ''}:${firstLine}`.slice(0, 200);
}
