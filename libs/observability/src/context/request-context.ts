import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and outgoing message of one request should carry. */
export interface RequestContext {
  requestId: string;
  traceId?: string;
  spanId?: string;
  workspaceId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  /**
   * Fastify onRequest hooks cannot wrap the rest of the request in run(). enterWith() sets the
   * store for the current async execution from here on; call it synchronously at the start of the
   * hook (before any await) so the handler inherits it. Every request overwrites the previous
   * store, so nothing leaks between requests on a keep-alive socket.
   */
  enterWith(ctx: RequestContext): void {
    storage.enterWith(ctx);
  },
};
