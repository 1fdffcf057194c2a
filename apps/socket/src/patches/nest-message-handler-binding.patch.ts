import type { Logger } from '@nestjs/common';
import type { IoAdapter } from '@nestjs/platform-socket.io';

/**
 * PATCH of `IoAdapter.bindMessageHandlers` in @nestjs/platform-socket.io, written against 11.2.6
 * (@nestjs/websockets 11.2.6, @nestjs/core 11.2.10, rxjs 7). Applied by `CommunityIoAdapter`, which
 * overrides the method with this function.
 *
 * What it replaces: Nest's binding builds an rxjs pipeline per event name per socket (`fromEvent`,
 * `mergeMap`, `takeUntil` of a shared `fromEvent(socket, 'disconnect')` stream kept in a per-adapter
 * map). Why: measured (2026-11) at about 22 KB of heap per idle connection, two thirds of a connection's cost,
 * and work on every event. A plain listener per event does the same job: the handler's result, once
 * resolved, is emitted as `{ event, data }` or passed to the ack, as Nest does.
 *
 * What it relies on: Nest calling `adapter.bindMessageHandlers(socket, handlers, transform)` for
 * every connection with handlers shaped `{ message, callback, isAckHandledManually }`, and
 * `mapPayload` splitting the arguments into data and ack. Canary:
 * apps/socket/test/patches/nest-message-handler-binding.canary.e2e.ts (no 'disconnect' listener from
 * Nest's pipeline on a connected socket, and acks still answer).
 */
export function bindMessageHandlersPlainly(
  adapter: Pick<IoAdapter, 'mapPayload'>,
  logger: Logger,
  ...[socket, handlers, transform]: Parameters<IoAdapter['bindMessageHandlers']>
): void {
  for (const { message, callback, isAckHandledManually } of handlers) {
    socket.on(message as string, (...args: unknown[]) => {
      // fromEvent's convention, which mapPayload expects: one argument as is, several as an array.
      const { data, ack } = adapter.mapPayload(args.length > 1 ? args : args[0]);
      transform(callback(data, ack)).subscribe({
        next: (response: unknown) => {
          if (response === null || response === undefined) return;
          const named = response as { event?: string; data?: unknown };
          if (named.event) socket.emit(named.event, named.data);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        },
        // Handlers' errors are mapped to acks by the exception filters before they get here.
        error: (err: unknown) => logger.error(`handling "${String(message)}" failed: ${(err as Error)?.stack ?? String(err)}`),
      });
    });
  }
}
