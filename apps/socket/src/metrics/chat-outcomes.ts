import { type ChatType, ERROR_CODES, type ErrorCode } from '@app/shared';

/** `chat_type` of a chat whose payload named no known type (it was refused as invalid). */
export const UNKNOWN_CHAT_TYPE = 'unknown';

const CHAT_TYPE_LABELS = ['new', 'modify', 'delete', UNKNOWN_CHAT_TYPE] as const satisfies readonly (ChatType | typeof UNKNOWN_CHAT_TYPE)[];
const RESULT_LABELS = ['written', ...ERROR_CODES] as const;

export interface ChatOutcomeCount {
  chatType: string;
  result: string;
  count: number;
}

/**
 * Chats answered, by chat type and result (`written` or the ack's error code), as plain numbers in
 * one array: counting a chat is an index computation and an increment, with no label object or
 * label hash made per message (what prom-client's labelled `inc` does). The counter is filled from
 * these numbers when Prometheus scrapes.
 */
export class ChatOutcomes {
  private readonly counts = new Float64Array(CHAT_TYPE_LABELS.length * RESULT_LABELS.length);

  written(chatType: ChatType): void {
    this.counts[chatTypeIndex(chatType) * RESULT_LABELS.length]++;
  }

  /** `payload` is the client's, possibly invalid: its chat type is read only if it is a known one. */
  refused(payload: unknown, code: ErrorCode): void {
    const chatType = payload !== null && typeof payload === 'object' ? (payload as { chatType?: unknown }).chatType : undefined;
    this.counts[chatTypeIndex(chatType) * RESULT_LABELS.length + 1 + ERROR_CODES.indexOf(code)]++;
  }

  /** The non-zero counts, for the scrape. */
  snapshot(): ChatOutcomeCount[] {
    const out: ChatOutcomeCount[] = [];
    this.counts.forEach((count, i) => {
      if (count === 0) return;
      const chatType = CHAT_TYPE_LABELS[Math.floor(i / RESULT_LABELS.length)];
      out.push({ chatType, result: RESULT_LABELS[i % RESULT_LABELS.length], count });
    });
    return out;
  }
}

function chatTypeIndex(chatType: unknown): number {
  switch (chatType) {
    case 'new':
      return 0;
    case 'modify':
      return 1;
    case 'delete':
      return 2;
    default:
      return 3;
  }
}
