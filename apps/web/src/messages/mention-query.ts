/** The `@name` being typed just before the caret (without the `@`), or null when none is. */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const match = /(^|[^\p{L}\p{N}_.@-])@([a-zA-Z0-9_.-]{0,32})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { query: match[2], start: caret - match[2].length - 1 };
}

/** Names that start with the query (case-insensitive), then names that contain it; at most `limit`. */
export function rankNames(names: readonly string[], query: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const starts = names.filter((n) => n.toLowerCase().startsWith(q));
  const contains = names.filter((n) => !n.toLowerCase().startsWith(q) && n.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** The text with the typed `@query` replaced by `@name ` and where the caret goes after it. */
export function completeMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
