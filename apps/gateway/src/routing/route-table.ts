import type { HttpMethod, RouteClass, RouteDefinition } from './route-definition';
import type { RouteTarget } from './upstream-name';
import type { Role } from '@forecastin/contracts';

const route = (method: HttpMethod, path: string, target: RouteTarget, role: Role, routeClass: RouteClass): RouteDefinition => ({
  method,
  path,
  target,
  role,
  routeClass,
});
const read = (path: string, target: RouteTarget): RouteDefinition => route('GET', path, target, 'viewer', 'read');
const write = (method: HttpMethod, path: string, target: RouteTarget): RouteDefinition => route(method, path, target, 'analyst', 'write');
const admin = (method: HttpMethod, path: string, target: RouteTarget): RouteDefinition => route(method, path, target, 'admin', 'admin');

/**
 * Every external path of API.md and who may call it. Anything not listed here is refused with
 * 404 ROUTE_NOT_FOUND before authentication: the gateway forwards nothing it does not know.
 * Role rules (API.md "Auth"): viewer reads; analyst also writes entities, observations and
 * scenarios; admin also manages flags.
 */
export const ROUTE_TABLE: readonly RouteDefinition[] = [
  // entity-service
  read('/api/v1/entities', 'entity'),
  read('/api/v1/entities/:id', 'entity'),
  write('POST', '/api/v1/entities', 'entity'),
  write('PATCH', '/api/v1/entities/:id', 'entity'),
  write('DELETE', '/api/v1/entities/:id', 'entity'),
  write('POST', '/api/v1/entities/:id/move', 'entity'),

  // hierarchy-service (read side only)
  read('/api/v1/hierarchy/roots', 'hierarchy'),
  read('/api/v1/hierarchy/nodes/:path', 'hierarchy'),
  read('/api/v1/hierarchy/nodes/:path/children', 'hierarchy'),
  read('/api/v1/hierarchy/nodes/:path/descendants', 'hierarchy'),
  read('/api/v1/hierarchy/columns/:path', 'hierarchy'),
  read('/api/v1/hierarchy/search', 'hierarchy'),
  read('/api/v1/hierarchy/stats', 'hierarchy'),

  // scenario-service
  read('/api/v1/scenarios', 'scenario'),
  read('/api/v1/scenarios/:id', 'scenario'),
  read('/api/v1/scenarios/:id/analysis', 'scenario'),
  read('/api/v1/scenarios/:id/forecast', 'scenario'),
  write('POST', '/api/v1/scenarios', 'scenario'),
  write('PATCH', '/api/v1/scenarios/:id', 'scenario'),
  write('DELETE', '/api/v1/scenarios/:id', 'scenario'),
  write('POST', '/api/v1/scenarios/:id/fork', 'scenario'),
  write('POST', '/api/v1/scenarios/:id/validate', 'scenario'),
  read('/api/v1/observations', 'scenario'),
  write('POST', '/api/v1/observations', 'scenario'),
  read('/api/v1/forecasts/:path', 'scenario'),

  // flag-service: everyone reads and evaluates, only admins change flags
  read('/api/v1/flags', 'flag'),
  read('/api/v1/flags/:key', 'flag'),
  read('/api/v1/flags/:key/audit', 'flag'),
  admin('POST', '/api/v1/flags', 'flag'),
  admin('PUT', '/api/v1/flags/:key', 'flag'),
  admin('PATCH', '/api/v1/flags/:key', 'flag'),
  admin('DELETE', '/api/v1/flags/:key', 'flag'),
  admin('POST', '/api/v1/flags/kill', 'flag'),
  // OFREP evaluation is a POST that reads: viewer, read class
  route('POST', '/ofrep/v1/evaluate/flags', 'flag', 'viewer', 'read'),
  route('POST', '/ofrep/v1/evaluate/flags/:key', 'flag', 'viewer', 'read'),

  // realtime-service: WebSocket upgrade
  { ...read('/api/v1/realtime', 'realtime'), websocket: true },

  // served by the gateway itself (token revocation, engineer A's controller)
  admin('POST', '/api/v1/admin/token-revocations', 'gateway'),
];
