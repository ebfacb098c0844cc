// Middlewares in order, as connect runs them: each either answers or passes
// on with next(); what none answers gets the final handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from './isolation.ts';

export function compose(middlewares: Middleware[], final: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const step = (i: number, err?: unknown): void => {
      if (err !== undefined) {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end(`${err instanceof Error ? err.message : String(err)}\n`);
        } else res.destroy();
        return;
      }
      const mw = middlewares[i];
      if (!mw) return final(req, res);
      try {
        mw(req, res, (e) => step(i + 1, e));
      } catch (e) {
        step(i + 1, e ?? new Error('middleware failed'));
      }
    };
    step(0);
  };
}
