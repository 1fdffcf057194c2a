import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface TinyDns {
  port: number;
  close(): Promise<void>;
}

/**
 * A DNS server for tests that answers A queries for the names it is given (everything else:
 * NXDOMAIN), standing in for Docker's embedded DNS, which resolves a compose container by its
 * hostname. Just enough of RFC 1035 for nginx's resolver: one question, one answer.
 */
export async function startTinyDns(records: Record<string, string>): Promise<TinyDns> {
  const server = dgram.createSocket('udp4');
  server.on('message', (query, peer) => {
    if (query.length < 12) return;
    // The question: length-prefixed labels up to a zero byte, then QTYPE and QCLASS.
    const labels: string[] = [];
    let at = 12;
    while (at < query.length && query[at] !== 0) {
      const length = query[at]!;
      labels.push(query.subarray(at + 1, at + 1 + length).toString('latin1'));
      at += 1 + length;
    }
    const questionEnd = at + 5;
    if (questionEnd > query.length) return;
    const qtype = query.readUInt16BE(at + 1);
    const address = records[labels.join('.').toLowerCase()];
    const answer = address && qtype === 1;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // the id
    header.writeUInt16BE(0x8180 | (address ? 0 : 3), 2); // response, recursion available, NOERROR or NXDOMAIN
    header.writeUInt16BE(1, 4); // one question
    header.writeUInt16BE(answer ? 1 : 0, 6);
    const parts = [header, query.subarray(12, questionEnd)];
    if (answer) {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      record.writeUInt16BE(1, 2); // A
      record.writeUInt16BE(1, 4); // IN
      record.writeUInt32BE(5, 6); // TTL
      record.writeUInt16BE(4, 10);
      address.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
      parts.push(record);
    }
    server.send(Buffer.concat(parts), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
