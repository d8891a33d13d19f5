import type { Role } from '@forecastin/contracts';
import type { RouteTarget } from './upstream-name';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Rate-limit buckets: reads and writes are limited separately, admin actions most tightly. */
export type RouteClass = 'read' | 'write' | 'admin';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** find-my-way pattern: `:name` matches one path segment. */
  readonly path: string;
  readonly target: RouteTarget;
  /** Lowest role allowed (roles are ranked, see ROLE_RANK). */
  readonly role: Role;
  readonly routeClass: RouteClass;
  /** The route is a WebSocket upgrade (authenticated before the upgrade completes). */
  readonly websocket?: boolean;
}
