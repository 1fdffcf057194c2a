import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import { DomainError } from '@app/shared';
import { failureAck, toErrorInfo } from './failure-ack';

/**
 * The one place where a gateway's failure becomes an ack. Nest's default WS filter would emit an
 * `exception` event and leave the client's ack unanswered; here every failure answers the ack with
 * the event's own failure shape. Without an ack callback there is nobody to answer.
 */
@Catch()
export class SocketAckFilter implements WsExceptionFilter {
  private readonly logger = new Logger(SocketAckFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const event = ws.getPattern();
    // Nest calls a handler with (socket, payload, ack) and appends the pattern.
    const ack: unknown = host.getArgByIndex(2);
    const error = toErrorInfo(exception);
    if (exception instanceof DomainError) {
      this.logger.debug(`"${event}" refused: ${error.code}: ${error.message}`);
    } else {
      this.logger.error(`"${event}" handler failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    if (typeof ack === 'function') ack(failureAck(event, error));
  }
}
