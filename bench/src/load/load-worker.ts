import { LoadAgent } from './load-agent';
import type { AgentRequest, AgentResponse } from './load-protocol';

/**
 * Child-process entry of one load generator. The coordinator forks several, so that the clients'
 * JSON parsing and websocket framing spread over processes like real users would.
 */
const agent = new LoadAgent();

process.on('message', (raw: unknown) => {
  const req = raw as AgentRequest;
  const run = (): Promise<unknown> => {
    switch (req.method) {
      case 'connect':
        return agent.connect(req.args);
      case 'step':
        return agent.runStep(req.args);
      case 'disconnect':
        return agent.disconnect(req.args);
    }
  };
  run().then(
    (result) => process.send?.({ id: req.id, ok: true, result } satisfies AgentResponse),
    (err: unknown) =>
      process.send?.({ id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies AgentResponse),
  );
});

process.on('disconnect', () => {
  void agent.closeAll().finally(() => process.exit(0));
});
