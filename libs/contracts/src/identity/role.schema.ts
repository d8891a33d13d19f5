import { z } from 'zod';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles are ordered: each includes the rights of the ones below it. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 1, analyst: 2, admin: 3 };

/** True when any of `roles` ranks at least as high as `required`. */
export function hasRole(roles: readonly Role[], required: Role): boolean {
  return roles.some((role) => ROLE_RANK[role] >= ROLE_RANK[required]);
}
