import { RpcError } from '@forecastin/messaging';

/** The RpcError `call` rejects with; fails the test if it succeeds or rejects with anything else. */
export async function rpcError(call: Promise<unknown>): Promise<RpcError> {
  try {
    await call;
  } catch (error: unknown) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}
