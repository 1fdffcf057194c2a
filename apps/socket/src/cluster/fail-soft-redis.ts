import Redis from 'ioredis';

/**
 * An ioredis client whose failed commands never become unhandled rejections.
 *
 * The Socket.IO Redis adapters fire and forget: `publish`, `psubscribe`, `ssubscribe`,
 * `sunsubscribe`... are called without awaiting or catching the promise. While Redis is down those
 * promises reject, and Node ends the process on an unhandled rejection. Marking each command's
 * promise as handled keeps the node serving its own clients through an outage; a caller that does
 * await a command still sees the rejection.
 */
export class FailSoftRedis extends Redis {
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    args[0].promise.catch(ignore);
    return super.sendCommand(...args);
  }
}

function ignore(): void {
  // Reported once per outage by the connection's 'error' listener, not per command.
}
