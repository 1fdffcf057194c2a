/** The text with `insert` replacing the selection [start, end), and where the caret goes after it. */
export function insertAtCursor(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = clamp(Math.min(start, end), text.length);
  const to = clamp(Math.max(start, end), text.length);
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

function clamp(n: number, max: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.min(n, max)) : max;
}
