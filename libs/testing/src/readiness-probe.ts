import http from 'node:http';

/** `GET /health/ready` on a fresh connection: the status code, or 'refused' once the listener is closed. */
export function readinessStatus(port: number): Promise<number | 'refused'> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('readiness probe timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') resolve('refused');
      else reject(error);
    });
  });
}

/** Polls readiness until it is no longer 200; returns what it saw ('503' or 'refused'). */
export async function waitUntilNotReady(port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readinessStatus(port);
    if (status !== 200) return String(status);
    if (Date.now() > deadline) throw new Error(`/health/ready still answered 200 after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Polls readiness until it answers `expected` (e.g. 200 after an outage ends). */
export async function waitForReadiness(port: number, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: number | 'refused' = 'refused';
  while (Date.now() < deadline) {
    last = await readinessStatus(port);
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/health/ready answered ${String(last)}, not ${expected}, for ${timeoutMs} ms`);
}

/** `GET /health/ready`: the status code and the parsed report (dependencies with their errors). */
export function readinessReport(port: number): Promise<{ status: number; body: { dependencies?: Record<string, { status: string; error?: string }> } }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false, timeout: 2000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { dependencies?: Record<string, { status: string; error?: string }> } });
        } catch (error: unknown) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error('readiness probe timed out')));
    request.on('error', reject);
  });
}
