import type { ContextKeyIR, ResourceAttributeIR, SystemIR } from "../../ir/types.ts";
import { namespaceFor } from "./identifiers.ts";
import { actionHeading } from "./policies.ts";
import { render } from "./render.ts";

const RESOURCE_TYPE: Record<ResourceAttributeIR["kind"], string> = {
  enum: "String",
  flag: "Bool",
  // A role name becomes a Role reference so `principal in resource.<attribute>` follows role includes.
  roleName: "Role",
  permissionList: "Set<Permission>",
};

const CONTEXT_TYPE: Record<ContextKeyIR["kind"], string> = {
  flag: "Bool",
  permissionList: "Set<Permission>",
};

/** schema.cedarschema: the entity types, the context record and one action per IR action. */
export function renderSchema(system: SystemIR): string {
  return render("schema.cedarschema", {
    namespace: namespaceFor(system.id),
    title: system.title,
    document: system.document,
    resourceAttributes: system.resourceAttributes.map((a) => ({
      name: a.name,
      type: RESOURCE_TYPE[a.kind],
      description: sentence(a.description, a.kind === "enum" ? `One of: ${a.values.join(", ")}.` : a.kind === "roleName" ? "A role, by name." : ""),
    })),
    contextKeys: system.contextKeys.map((k) => ({ key: k.key, type: CONTEXT_TYPE[k.kind], description: k.description })),
    actions: system.actions.map((a) => ({ id: a.id, heading: actionHeading(a) })),
  });
}

function sentence(...parts: string[]): string {
  return parts.filter(Boolean).join(" ");
}
