import type { Entity } from '@forecastin/contracts';
import type { ApiResponse, EntityServiceHarness } from './entity-service.harness';

/** Shorthands for the entity endpoints in one workspace; each asserts nothing, tests do. */
export function entityApi(harness: EntityServiceHarness, workspace: string) {
  return {
    create: (body: Record<string, unknown>, headers?: Record<string, string>) =>
      harness.request<Entity>('POST', '/api/v1/entities', { workspace, body, headers }),
    get: (id: string, headers?: Record<string, string>) => harness.request<Entity>('GET', `/api/v1/entities/${id}`, { workspace, headers }),
    patch: (id: string, body: unknown, headers?: Record<string, string>) =>
      harness.request<Entity>('PATCH', `/api/v1/entities/${id}`, { workspace, body, headers }),
    move: (id: string, parentId: string | null, headers?: Record<string, string>) =>
      harness.request<Entity>('POST', `/api/v1/entities/${id}/move`, { workspace, body: { parent_id: parentId }, headers }),
    remove: (id: string, query = '', headers?: Record<string, string>) =>
      harness.request<undefined>('DELETE', `/api/v1/entities/${id}${query}`, { workspace, headers }),
    list: (query = '') =>
      harness.request<{ items: Entity[]; next_cursor: string | null; has_more: boolean }>('GET', `/api/v1/entities${query}`, { workspace }),
  };
}

/** Creates an entity and returns it, failing loudly when the service refuses. */
export async function mustCreate(api: ReturnType<typeof entityApi>, body: Record<string, unknown>): Promise<Entity> {
  const response: ApiResponse<Entity> = await api.create(body);
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
