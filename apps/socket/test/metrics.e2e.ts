import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { sampleValue } from '../../../test/support/prometheus-text';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack } from './support/socket-clients';

/** GET /metrics of a socket node, after real chats through the real API. */
describe('socket app metrics', () => {
  const stack = useChatStack();

  const scrape = async (): Promise<string> => {
    const res = await request(stack.socket.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return res.text;
  };

  it('counts chats by type and result, times the written ones, and shows batches, connections, namespaces and rooms', async () => {
    const { community, channel, owner } = await channelWorld(stack.api.url, { members: 0 });
    const socket = await stack.connect(owner, community);
    expect(await ack(socket, 'join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
    const before = await scrape();

    const written = await ack(socket, 'chat', { chatType: 'new', channelId: channel.id, content: 'counted', clientMsgId: randomUUID() });
    expect(written.written).toBe(true);
    const refused = await ack(socket, 'chat', { chatType: 'modify', channelId: channel.id, content: '', clientMsgId: randomUUID() });
    expect(refused).toMatchObject({ written: false, error: { code: 'validation_failed' } });
    const garbage = await ack(socket, 'chat', { chatType: 'shout' });
    expect(garbage).toMatchObject({ written: false, error: { code: 'validation_failed' } });

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
    expect(delta('commu_chat_chats_total', { chat_type: 'new', result: 'written' })).toBe(1);
    expect(delta('commu_chat_chats_total', { chat_type: 'modify', result: 'validation_failed' })).toBe(1);
    // An unknown chat type never becomes a label value of its own.
    expect(delta('commu_chat_chats_total', { chat_type: 'unknown', result: 'validation_failed' })).toBe(1);
    expect(after).not.toContain('shout');
    expect(delta('commu_chat_ack_latency_seconds_count')).toBe(1);
    expect(delta('commu_chat_ack_latency_seconds_sum')).toBeGreaterThan(0);
    expect(delta('commu_chat_batch_size_count')).toBe(1);
    expect(delta('commu_chat_batch_size_sum')).toBe(1);
    expect(delta('commu_chat_batch_request_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(after, 'commu_chat_batch_queue_depth')).toBe(0);
    // This suite's only client: one connection, one community namespace, one channel room.
    expect(sampleValue(after, 'commu_chat_connections')).toBe(1);
    expect(sampleValue(after, 'commu_chat_namespaces')).toBe(1);
    expect(sampleValue(after, 'commu_chat_rooms')).toBe(1);
    expect(sampleValue(after, 'commu_chat_redis_adapter_errors_total')).toBe(0);
    // prom-client's default process metrics.
    expect(sampleValue(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(after, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });
});
