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
    socket = await startSocketServer(socketTestConfig({ apiUrl: api.url, ...socketOverrides }), { shutdownHooks: false });
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
