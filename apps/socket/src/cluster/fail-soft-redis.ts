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
  /** Commands that failed since the client was made, awaited or not (the metrics read it). */
  failedCommands = 0;

  /** Made once per client, not once per command (a publish per broadcast goes through here). */
  private readonly countFailure = (): void => {
    // Logged once per outage by the connection's 'error' listener, not per command; counted here.
    this.failedCommands++;
  };

  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    // A command sent from within ioredis's constructor comes before this class's fields exist.
    args[0].promise.catch(this.countFailure ?? ignore);
    return super.sendCommand(...args);
  }
}

function ignore(): void {
  // Nothing to count yet: see sendCommand.
}
