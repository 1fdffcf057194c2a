import type { UserSummary } from '@app/shared';
import type { ChatError } from '../errors/chat-error';
import type { RestClient } from '../rest/rest-client';
import type { CommunityConnection } from '../socket/community-connection';
import type { ChatStore } from '../store/chat-store';

/** What the sync services share; the ChatClient owns every piece of it. */
export interface ClientContext {
  store: ChatStore;
  rest: RestClient;
  /** The signed-in user; throws before start() has loaded it. */
  me(): UserSummary;
  connection(communityId: string): CommunityConnection | undefined;
  /** Shows an error to the user: nothing the client fails at is dropped silently. */
  reportError(error: ChatError, context: string): void;
}
