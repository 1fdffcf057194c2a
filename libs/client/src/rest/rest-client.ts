import type {
  SearchResponse,
  DirectConversationList,
  OpenDirectConversationResponse,
  RemoveCommunityMemberResponse,
  ChannelDetails,
  ChannelListItem,
  ChannelMembersResponse,
  ChannelSummary,
  CommunitySummary,
  EndpointResponse,
  HistoryPage,
  LeaveChannelResponse,
  LoginResponse,
  MeResponse,
  ReadMarkerResponse,
  ThreadPage,
  UnreadEntry,
  UserSummary,
} from '@app/shared';
import { HttpTransport, type HttpTransportOptions } from './http-transport';

export interface HistoryQueryOptions {
  /** Exclusive upper seq bound: older pages. */
  before?: number;
  /** Exclusive lower seq bound: gap fill. */
  after?: number;
  /** A page centred on this seq (addition to the contract). */
  around?: number;
  limit?: number;
}

/** `GET /api/communities/:id/search` (addition to the contract). */
export interface SearchOptions {
  q: string;
  channelId?: string;
  authorId?: string;
  /** ISO-8601 date or date-time. */
  after?: string;
  before?: string;
  cursor?: string;
  limit?: number;
}

/** Typed calls for every REST route of the contract (plus the username lookup the UI needs). */
export class RestClient {
  private readonly http: HttpTransport;

  constructor(options: HttpTransportOptions) {
    this.http = new HttpTransport(options);
  }

  /** Dev login (AUTH_MODE=dev); creates the user on first use. Needs no token. */
  login(username: string): Promise<LoginResponse> {
    return this.http.request('POST', '/api/auth/login', { username });
  }

  me(): Promise<MeResponse> {
    return this.http.request('GET', '/api/me');
  }

  unread(): Promise<UnreadEntry[]> {
    return this.http.request('GET', '/api/me/unread');
  }

  /**
   * Not part of the wire contract: the add-member routes take a userId, and people know each other
   * by username. Served by the API as `GET /api/users/by-username/:username`.
   */
  findUserByUsername(username: string): Promise<UserSummary> {
    return this.http.request('GET', `/api/users/by-username/${encodeURIComponent(username)}`);
  }

  createCommunity(name: string): Promise<CommunitySummary> {
    return this.http.request('POST', '/api/communities', { name });
  }

  addCommunityMember(communityId: string, userId: string): Promise<unknown> {
    return this.http.request('POST', `/api/communities/${enc(communityId)}/members`, { userId });
  }

  /** Removes a member (managers), or leaves (anyone for themselves). Addition to the contract. */
  removeCommunityMember(communityId: string, userId: string): Promise<RemoveCommunityMemberResponse> {
    return this.http.request('DELETE', `/api/communities/${enc(communityId)}/members/${enc(userId)}`);
  }

  /** Opens (or finds) the direct conversation of me and these members. Addition to the contract. */
  openDirectConversation(communityId: string, userIds: string[]): Promise<OpenDirectConversationResponse> {
    return this.http.request('POST', `/api/communities/${enc(communityId)}/dms`, { userIds });
  }

  listDirectConversations(communityId: string): Promise<DirectConversationList> {
    return this.http.request('GET', `/api/communities/${enc(communityId)}/dms`);
  }

  /** The socket node of my own namespace, where my user events arrive (addition to the contract). */
  personalEndpoint(): Promise<EndpointResponse> {
    return this.http.request('GET', '/api/me/endpoint');
  }

  search(communityId: string, options: SearchOptions): Promise<SearchResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options)) if (value !== undefined) params.set(key, String(value));
    return this.http.request('GET', `/api/communities/${enc(communityId)}/search?${params.toString()}`);
  }

  endpoint(communityId: string): Promise<EndpointResponse> {
    return this.http.request('GET', `/api/communities/${enc(communityId)}/endpoint`);
  }

  listChannels(communityId: string): Promise<ChannelListItem[]> {
    return this.http.request('GET', `/api/communities/${enc(communityId)}/channels`);
  }

  createChannel(communityId: string, name: string, isPrivate = false): Promise<ChannelSummary> {
    return this.http.request('POST', `/api/communities/${enc(communityId)}/channels`, { name, private: isPrivate });
  }

  joinChannel(channelId: string): Promise<unknown> {
    return this.http.request('POST', `/api/channels/${enc(channelId)}/join`);
  }

  addChannelMember(channelId: string, userId: string): Promise<unknown> {
    return this.http.request('POST', `/api/channels/${enc(channelId)}/members`, { userId });
  }

  history(channelId: string, query: HistoryQueryOptions = {}): Promise<HistoryPage> {
    return this.http.request('GET', `/api/channels/${enc(channelId)}/messages${queryString(query)}`);
  }

  /** A thread's root and one page of its replies (addition to the contract). */
  thread(channelId: string, rootId: string, query: HistoryQueryOptions = {}): Promise<ThreadPage> {
    return this.http.request('GET', `/api/channels/${enc(channelId)}/threads/${enc(rootId)}/messages${queryString(query)}`);
  }

  /** Sets the channel's topic (addition to the contract); empty clears it. */
  updateChannel(channelId: string, topic: string): Promise<ChannelDetails> {
    return this.http.request('PATCH', `/api/channels/${enc(channelId)}`, { topic });
  }

  channelMembers(channelId: string): Promise<ChannelMembersResponse> {
    return this.http.request('GET', `/api/channels/${enc(channelId)}/members`);
  }

  leaveChannel(channelId: string): Promise<LeaveChannelResponse> {
    return this.http.request('POST', `/api/channels/${enc(channelId)}/leave`);
  }

  markRead(channelId: string, seq: number): Promise<ReadMarkerResponse> {
    return this.http.request('POST', `/api/channels/${enc(channelId)}/read`, { seq });
  }
}

function queryString(query: HistoryQueryOptions): string {
  const params = new URLSearchParams();
  if (query.before !== undefined) params.set('before', String(query.before));
  if (query.after !== undefined) params.set('after', String(query.after));
  if (query.around !== undefined) params.set('around', String(query.around));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
