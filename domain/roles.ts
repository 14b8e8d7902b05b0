// The console's roles, least to most: each may do everything the ones before it may. The server's procedure
// tiers, the ownership rule for topics and the pages' menus all rank roles by this one order.

export const roles = ['viewer', 'member', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Whether `role` is `least` or above it. */
export function hasRole(role: Role, least: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(least);
}
