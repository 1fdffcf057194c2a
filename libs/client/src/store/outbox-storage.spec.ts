import { createOutgoing } from '../logic/outbox';
import { webStorageOutbox } from './outbox-storage';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('webStorageOutbox', () => {
  it('round-trips unconfirmed messages with their clientMsgId', () => {
    const storage = memoryStorage();
    const outbox = webStorageOutbox('k', storage);
    const entry = createOutgoing('ch-1', 'hello', 'cm-1', new Date('2024-01-01T00:00:00Z'));
    outbox.save([entry]);
    expect(outbox.load()).toEqual([entry]);
    outbox.save([]);
    expect(storage.data.has('k')).toBe(false);
  });

  it('ignores corrupted content instead of failing the client', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(webStorageOutbox('k', storage).load()).toEqual([]);
    storage.setItem('k', JSON.stringify([{ nope: true }]));
    expect(webStorageOutbox('k', storage).load()).toEqual([]);
  });
});
