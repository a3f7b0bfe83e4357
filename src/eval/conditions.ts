import type { Condition } from "../ir/types.ts";
import type { CheckedRequest } from "./request.ts";
import type { HeldPermissions, RoleMemberships, SystemIndex } from "./principal.ts";

/** What a condition is decided on: the checked request plus what the principal holds. */
export interface Situation {
  request: CheckedRequest;
  held: HeldPermissions;
  memberships: RoleMemberships;
}

export function conditionHolds(c: Condition, s: Situation, index: SystemIndex): boolean {
  const { request } = s;
  switch (c.kind) {
    case "contextFlag":
      return request.context[c.key] === true;
    case "principalStaff":
      return request.staff;
    case "resourceIn": {
      const value = request.resource[c.attribute];
      return typeof value === "string" && c.values.includes(value);
    }
    case "resourceFlag":
      return request.resource[c.attribute] === c.value;
    case "memberOfRole": {
      const role = request.resource[c.attribute];
      return typeof role === "string" && s.memberships.has(role);
    }
    case "holdsAllListed": {
      const list = c.from === "context" ? (request.context[c.key] ?? []) : request.resource[c.key];
      if (!Array.isArray(list)) return false;
      return list.every((name) => {
        const id = index.permissionIdByName.get(name as string);
        return id !== undefined && s.held.has(id);
      });
    }
    case "principalFlag":
      return request.principal[c.attribute] === c.value;
    case "principalIn": {
      const value = request.principal[c.attribute];
      return typeof value === "string" && c.values.includes(value);
    }
    case "relation": {
      const users = request.resource[c.attribute];
      const id = request.principalId;
      if (id === undefined) return false;
      return Array.isArray(users) ? users.includes(id) : users === id;
    }
    case "not":
      return conditionKnown(c.condition, s, index) && !conditionHolds(c.condition, s, index);
  }
}

/**
 * Whether a condition can be decided on the request: every attribute it reads is present (or has a default) with a
 * declared value. Only negation asks: an unknown condition satisfies neither itself nor its negation.
 */
export function conditionKnown(c: Condition, s: Situation, index: SystemIndex): boolean {
  const { request } = s;
  switch (c.kind) {
    case "contextFlag":
    case "principalStaff":
      // Omitted means false: always known.
      return true;
    case "resourceIn":
      return index.resourceEnumValues.get(c.attribute)?.includes(request.resource[c.attribute] as string) ?? false;
    case "resourceFlag":
      return typeof request.resource[c.attribute] === "boolean";
    case "memberOfRole":
      return typeof request.resource[c.attribute] === "string";
    case "holdsAllListed":
      // An omitted context list is empty; an omitted resource list is unknown.
      return c.from === "context" || Array.isArray(request.resource[c.key]);
    case "principalFlag":
      return typeof request.principal[c.attribute] === "boolean";
    case "principalIn":
      return index.principalEnumValues.get(c.attribute)?.includes(request.principal[c.attribute] as string) ?? false;
    case "relation":
      return request.principalId !== undefined && request.resource[c.attribute] !== undefined;
    case "not":
      return conditionKnown(c.condition, s, index);
  }
}
