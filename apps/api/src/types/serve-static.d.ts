// serve-static ships no types and the repo has no @types/express family: the calls the API makes.
declare module 'serve-static' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  function serveStatic(
    root: string,
    options?: { index?: string | false; setHeaders?: (res: ServerResponse, path: string) => void },
  ): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  export = serveStatic;
}
