import http from 'node:http';

/** What `/health/ready` reports, as far as tests read it. */
export interface ReadinessBody {
  readonly dependencies?: Record<string, { readonly status: string; readonly error?: string }>;
}

/** `GET /health/ready` on a fresh connection: status and body text, or 'refused' once the listener is closed. */
function getReadiness(port: number): Promise<{ status: number; text: string } | 'refused'> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false, timeout: 2000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    request.on('timeout', () => request.destroy(new Error('readiness probe timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') resolve('refused');
      else reject(error);
    });
  });
}

/** `GET /health/ready`: the status code, or 'refused' once the listener is closed. */
export async function readinessStatus(port: number): Promise<number | 'refused'> {
  const answer = await getReadiness(port);
  return answer === 'refused' ? answer : answer.status;
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
export async function readinessReport(port: number): Promise<{ status: number; body: ReadinessBody }> {
  const answer = await getReadiness(port);
  if (answer === 'refused') throw new Error(`nothing listens on port ${port}`);
  return { status: answer.status, body: JSON.parse(answer.text) as ReadinessBody };
}
