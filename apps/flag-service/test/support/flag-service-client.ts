import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { FORWARDED_IDENTITY_HEADER, type Role } from '@forecastin/contracts';
import { signIdentity } from '@forecastin/lifecycle';

export const FLAG_SERVICE_MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');
export const IDENTITY_KEY = 'flag-service-e2e-identity-signing-key-0123456789';

export interface Caller {
  readonly sub: string;
  readonly workspace_id: string;
  readonly roles: Role[];
}

export const admin: Caller = { sub: 'admin-1', workspace_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', roles: ['admin'] };

export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Calls the service directly, as the gateway would: with a freshly signed identity. */
export function flagServiceClient(baseUrl: string, caller: Caller = admin) {
  return async <T = unknown>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> => {
    const identity = signIdentity({ ...caller, request_id: `req_${randomUUID().replaceAll('-', '')}`, exp: Math.floor(Date.now() / 1000) + 60 }, IDENTITY_KEY);
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { [FORWARDED_IDENTITY_HEADER]: identity, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };
}

export type FlagServiceClient = ReturnType<typeof flagServiceClient>;

/** The fields of an envelope's details, for asserting where validation failed. */
export function detailFields(body: unknown): string[] {
  const details = (body as { error?: { details?: Array<{ field: string }> } }).error?.details ?? [];
  return details.map((detail) => detail.field);
}
