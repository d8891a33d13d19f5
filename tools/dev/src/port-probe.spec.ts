import { createServer } from 'node:net';
import { portInUse } from './port-probe';

describe('portInUse', () => {
  it('sees a listening port, and not a closed one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    expect(await portInUse(port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portInUse(port)).toBe(false);
  });
});
