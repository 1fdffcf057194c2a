import type { ChatAck, ErrorInfo, JoinAck, LeaveAck, ReactAck, ReadAck } from '@app/shared';
import { DomainError } from '@app/shared';

/** Anything that is not a DomainError is a bug: clients get a neutral message, the log gets the stack. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof DomainError) return error.toInfo();
  return { code: 'internal_error', message: 'internal error' };
}

type FailureAckBuilders = {
  join: (error: ErrorInfo) => JoinAck;
  leave: (error: ErrorInfo) => LeaveAck;
  chat: (error: ErrorInfo) => ChatAck;
  read: (error: ErrorInfo) => ReadAck;
  react: (error: ErrorInfo) => ReactAck;
};

/** The failure shape of each event's ack, as PROTOCOL.md defines it. */
const FAILURE_ACKS: FailureAckBuilders = {
  join: (error) => ({ joined: [], rejected: [], error }),
  leave: (error) => ({ left: [], error }),
  chat: (error) => ({ written: false, error }),
  read: (error) => ({ error }),
  react: (error) => ({ ok: false, error }),
};

export type FailureAck = JoinAck | LeaveAck | ChatAck | ReadAck | ReactAck | { error: ErrorInfo };

/** Events without an ack shape of their own (e.g. an unknown event) get `{ error }`. */
export function failureAck(event: string, error: ErrorInfo): FailureAck {
  return Object.hasOwn(FAILURE_ACKS, event) ? FAILURE_ACKS[event as keyof FailureAckBuilders](error) : { error };
}
