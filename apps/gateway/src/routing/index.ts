export { ROUTE_TABLE } from './route-table';
export { RouteMatcher, type RouteMatch } from './route-matcher';
export { mayCall } from './route-access';
export type { HttpMethod, RouteClass, RouteDefinition } from './route-definition';
export { GATEWAY_TARGET, UPSTREAM_NAMES, type RouteTarget, type UpstreamName } from './upstream-name';
