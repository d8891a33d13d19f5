import { requestContext } from './request-context';

describe('requestContext', () => {
  it('scopes the context to run() and whatever it awaits', async () => {
    expect(requestContext.get()).toBeUndefined();
    const seen = await requestContext.run({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return requestContext.get();
    });
    expect(seen).toEqual({ requestId: 'r-1' });
    expect(requestContext.get()).toBeUndefined();
  });

  it('keeps concurrent runs apart', async () => {
    const read = (id: string) =>
      requestContext.run({ requestId: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return requestContext.get()?.requestId;
      });
    expect(await Promise.all([read('a'), read('b')])).toEqual(['a', 'b']);
  });

  it('enterWith() sets the context for the rest of the current async execution', async () => {
    const seen = await requestContext.run({ requestId: 'outer' }, async () => {
      // Like a Fastify onRequest hook: replace, then continue asynchronously.
      requestContext.enterWith({ requestId: 'entered', workspaceId: 'ws-1' });
      await Promise.resolve();
      return requestContext.get();
    });
    expect(seen).toEqual({ requestId: 'entered', workspaceId: 'ws-1' });
  });
});
