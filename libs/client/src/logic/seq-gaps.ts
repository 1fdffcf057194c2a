import type { Message } from '@app/shared';

/**
 * Highest seq up to which the loaded window has every message, starting from `floorSeq`: the seq
 * just below the window (everything at or under it is either loaded or deliberately not, like
 * older history). A window opened on an empty channel has floor 0, so a first broadcast with
 * seq 4 leaves the top at 0 and reveals the gap 1..3.
 */
export function highestContiguousSeq(messages: readonly Message[], floorSeq: number): number {
  let top = floorSeq;
  for (const message of messages) {
    if (message.seq <= top) continue;
    if (message.seq !== top + 1) break;
    top = message.seq;
  }
  return top;
}

/** The floor of a freshly loaded newest page: just below its first message, or 0 for an empty channel. */
export function floorOfPage(messages: readonly Message[]): number {
  return messages.length > 0 ? messages[0].seq - 1 : 0;
}

/**
 * What to fetch, if anything: `after` is the exclusive lower bound for `?after=`, `upTo` the highest
 * seq known to exist. Null when the window already holds everything up to `latestKnownSeq`.
 */
export function gapToFill(contiguousTop: number, latestKnownSeq: number): { after: number; upTo: number } | null {
  return latestKnownSeq > contiguousTop ? { after: contiguousTop, upTo: latestKnownSeq } : null;
}

/** Seqs missing between the first loaded message and `latestKnownSeq`, for diagnostics and tests. */
export function missingSeqs(messages: readonly Message[], latestKnownSeq: number): number[] {
  if (messages.length === 0) return [];
  const present = new Set(messages.map((m) => m.seq));
  const missing: number[] = [];
  for (let seq = messages[0].seq; seq <= latestKnownSeq; seq++) if (!present.has(seq)) missing.push(seq);
  return missing;
}
