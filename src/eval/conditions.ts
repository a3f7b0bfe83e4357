import type { Condition } from "../ir/types.ts";
import type { CheckedRequest } from "./request.ts";
import type { HeldPermissions, SystemIndex } from "./principal.ts";

/** What a condition is decided on: the checked request plus what the principal holds. */
export interface Situation {
  request: CheckedRequest;
  held: HeldPermissions;
  memberships: Set<string>;
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
  }
}
