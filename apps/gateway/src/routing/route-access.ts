import { hasRole, type Role } from '@forecastin/contracts';
import type { RouteDefinition } from './route-definition';

/** Whether a caller holding `roles` may call `route` (roles are ranked; any one high enough will do). */
export function mayCall(route: RouteDefinition, roles: readonly Role[]): boolean {
  return hasRole(roles, route.role);
}
