/**
 * What the socket app's `GET /health` answers: liveness, and the chat batcher's counters, which
 * operators and the benchmark read (batch sizes, admission refusals, time spent).
 */
export interface SocketHealthResponse {
  status: 'ok';
  /** The chat batcher's counters since start (absent when CHAT_WRITE_MODE does not batch). */
  chat?: ChatBatchStats;
}

/** The chat batcher's counters since it started. */
export interface ChatBatchStats {
  /** Batch requests sent to the API. */
  batches: number;
  /** Commands in those requests. */
  commands: number;
  /** Commands refused at once by admission control. */
  refused: number;
  /** Time the batch requests took, send to answer, summed over requests (ms). */
  requestMs: number;
  /** Time the sent commands waited for their request to leave, summed over commands (ms). */
  queuedMs: number;
}
