import type { PermissionIR, SystemIR } from "./types.ts";

/**
 * Every name a request may use for a permission, with the permission it names: each permission's name, then its
 * aliases, in declaration order. Every engine resolves request names through this one list.
 */
export function permissionSpellings(system: SystemIR): Array<[spelling: string, permission: PermissionIR]> {
  return system.permissions.flatMap((p) => [p.name, ...p.aliases].map((spelling): [string, PermissionIR] => [spelling, p]));
}
