import type { Readable } from 'node:stream';

/**
 * Where file bytes live, behind one small interface: a local directory (the embedded default) or an
 * S3-compatible store (what several API instances need). Keys are `<community>/<file id>[.thumb]`.
 */
export abstract class FileStorage {
  /** Stores the stream under the key; rejects (storing nothing) if the stream fails. */
  abstract put(key: string, body: Readable, contentType: string): Promise<void>;
  /** The bytes; rejects when there is no such key. */
  abstract get(key: string): Promise<Readable>;
  /** Idempotent: a missing key is not an error. */
  abstract delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}(\.thumb)?$/;

/** Keys are made by the API, never from input; this guards the local driver's paths anyway. */
export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a file key: ${key}`);
}
