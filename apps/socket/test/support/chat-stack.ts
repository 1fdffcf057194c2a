import type { ChannelSummary, CommunitySummary } from '@app/shared';
import { addMemberTo, createCommunityWithChannel, startTestApi, type TestApiServer, type TestUser } from '../../../api/test/support';
import { type RunningSocketServer, startSocketServer } from '../../src/bootstrap';
import type { SocketConfig } from '../../src/config/socket-config';
import { type TestClient, TestClients } from './socket-clients';
import { socketTestConfig } from './socket-test-config';

/** The real API and a socket server in front of it, both on ephemeral ports. */
export interface ChatStack {
  api: TestApiServer;
  socket: RunningSocketServer;
  clients: TestClients;
  /** Connects a user to a community's namespace. */
  connect(user: TestUser, community: CommunitySummary): Promise<TestClient>;
  close(): Promise<void>;
}

export async function startChatStack(socketOverrides: Partial<SocketConfig> = {}): Promise<ChatStack> {
  const api = await startTestApi();
  let socket: RunningSocketServer;
  try {
    socket = await startSocketServer(socketTestConfig({ apiUrl: api.internalUrl, ...socketOverrides }), { shutdownHooks: false });
  } catch (err) {
    await api.close();
    throw err;
  }
  const clients = new TestClients();
  return {
    api,
    socket,
    clients,
    connect: (user, community) => clients.connect(socket.url, community.namespace, { token: user.token }),
    close: async () => {
      clients.closeAll();
      await socket.close();
      await api.close();
    },
  };
}

/** A chat stack as a describe block sees it: `useChatStack` starts and stops it. */
export type SuiteChatStack = Omit<ChatStack, 'close'>;

/**
 * One chat stack for the calling describe block: started in its `beforeAll`, every client closed
 * after each test, stopped in its `afterAll`. Call it at describe level; read the result in tests.
 */
export function useChatStack(socketOverrides: Partial<SocketConfig> = {}): SuiteChatStack {
  let started: ChatStack | undefined;
  const current = (): ChatStack => {
    if (!started) throw new Error('the chat stack is read outside a test: it starts in beforeAll');
    return started;
  };
  beforeAll(async () => {
    started = await startChatStack(socketOverrides);
  });
  afterEach(() => started?.clients.closeAll());
  afterAll(async () => {
    await started?.close();
  });
  return {
    get api() {
      return current().api;
    },
    get socket() {
      return current().socket;
    },
    get clients() {
      return current().clients;
    },
    connect: (user, community) => current().connect(user, community),
  };
}

/** A fresh community with one channel (public unless asked), its owner and `members` more channel members. */
export interface ChannelWorld {
  community: CommunitySummary;
  channel: ChannelSummary;
  owner: TestUser;
  members: TestUser[];
}

export async function channelWorld(apiUrl: string, options: { members?: number; private?: boolean } = {}): Promise<ChannelWorld> {
  const { owner, community, channel } = await createCommunityWithChannel(apiUrl, { private: options.private });
  const members: TestUser[] = [];
  for (let i = 0; i < (options.members ?? 1); i++) members.push(await addMemberTo(apiUrl, owner, community.id, channel.id));
  return { community, channel, owner, members };
}
