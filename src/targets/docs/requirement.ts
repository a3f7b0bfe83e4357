import type { Condition, DenyIR, PermissionIR, PrincipalAttributeIR, Requirement, ResourceAttributeIR, SystemIR } from "../../ir/types.ts";
import { anchors, inlineText, link } from "./markdown.ts";

/** What the wording of conditions needs from the system: its permissions and its declared attributes. */
export interface DocsVocabulary {
  permissions: Map<string, PermissionIR>;
  /** Each permission as a requirement names it (a link, and whether it is staff only): written once, named many times. */
  permissionText: Map<string, string>;
  resource: Map<string, ResourceAttributeIR>;
  principal: Map<string, PrincipalAttributeIR>;
}

export function docsVocabulary(system: SystemIR): DocsVocabulary {
  return {
    permissions: new Map(system.permissions.map((p) => [p.id, p])),
    permissionText: new Map(system.permissions.map((p) => [p.id, permissionMarkdown(p)])),
    resource: new Map(system.resourceAttributes.map((a) => [a.name, a])),
    principal: new Map(system.principalAttributes.map((a) => [a.name, a])),
  };
}

/**
 * A requirement written for people, as Markdown: permissions link to their index entry and staff-only ones
 * say so, `+` joins what is needed together and `or` what is enough alone, conditions are spelled out.
 */
export function requirementMarkdown(req: Requirement, vocabulary: DocsVocabulary): string {
  return requirementText(req, vocabulary, false);
}

/** `nested`: inside another list (parenthesise lists); `alternative`: an item of an any-of, where "only when" would mislead. */
function requirementText(r: Requirement, vocabulary: DocsVocabulary, nested: boolean, alternative = false): string {
  switch (r.kind) {
    case "permission":
      return vocabulary.permissionText.get(r.permission) ?? inlineText(r.permission);
    case "anyUser":
      return "any user of the project";
    case "never":
      return "no one";
    case "allOf": {
      if (r.items.length === 0) return "nothing beyond the page";
      const text = itemsText(r.items, vocabulary, " + ", false);
      return nested && r.items.length > 1 ? `(${text})` : text;
    }
    case "anyOf": {
      const text = itemsText(r.items, vocabulary, " or ", true);
      return nested && r.items.length > 1 ? `(${text})` : text;
    }
    case "condition":
      return alternative ? conditionMarkdown(r.condition, vocabulary) : `only when ${conditionMarkdown(r.condition, vocabulary)}`;
    case "onlyIf": {
      const text = `${requirementText(r.then, vocabulary, true)} when ${conditionMarkdown(r.condition, vocabulary)}`;
      return nested ? `(${text})` : text;
    }
  }
}

/** A list's items, each as nested, between separators: appended rather than mapped and joined, since every action's requirement is worded. */
function itemsText(items: Requirement[], vocabulary: DocsVocabulary, separator: string, alternative: boolean): string {
  let text = "";
  for (let i = 0; i < items.length; i++) text += (i === 0 ? "" : separator) + requirementText(items[i]!, vocabulary, true, alternative);
  return text;
}

function permissionMarkdown(p: PermissionIR): string {
  return p.staffOnly ? `${link(p.name, anchors.permission(p.id))} (staff only)` : link(p.name, anchors.permission(p.id));
}

const values = (list: readonly string[]) => list.map(inlineText).join(" or ");
const yesNo = (value: boolean) => (value ? "yes" : "no");

export function conditionMarkdown(c: Condition, vocabulary: DocsVocabulary): string {
  switch (c.kind) {
    case "contextFlag":
      return `\`${c.key}\` is on`;
    case "principalStaff":
      return "the user is vendor staff";
    case "resourceIn":
      return `\`${c.attribute}\` is ${values(c.values)}`;
    case "resourceFlag":
      return `\`${c.attribute}\` is ${yesNo(c.value)}`;
    case "memberOfRole":
      return `the user belongs to the group named by \`${c.attribute}\``;
    case "holdsAllListed":
      return `the user holds every permission listed in ${c.from} \`${c.key}\``;
    case "principalFlag":
      return `the user's \`${c.attribute}\` is ${yesNo(c.value)}`;
    case "principalIn":
      return `the user's \`${c.attribute}\` is ${values(c.values)}`;
    case "relation":
      return vocabulary.resource.get(c.attribute)?.kind === "users" ? `the user is one of the resource's \`${c.attribute}\`` : `the user is the resource's \`${c.attribute}\``;
    case "not":
      return negatedMarkdown(c.condition, vocabulary);
  }
}

/**
 * A negated condition, worded as what it exactly means: the inner condition is known and does not hold. A flag known
 * not to be yes is no; an enum known not to be some values is one of its other declared values.
 */
function negatedMarkdown(c: Condition, vocabulary: DocsVocabulary): string {
  const others = (declared: readonly string[] | undefined, listed: readonly string[]) => (declared ?? []).filter((v) => !listed.includes(v));
  switch (c.kind) {
    case "contextFlag":
      return `\`${c.key}\` is off`;
    case "principalStaff":
      return "the user is not vendor staff";
    case "resourceIn": {
      const rest = others(vocabulary.resource.get(c.attribute)?.values, c.values);
      return rest.length ? `\`${c.attribute}\` is ${values(rest)}` : `\`${c.attribute}\` is none of its values`;
    }
    case "resourceFlag":
      return `\`${c.attribute}\` is ${yesNo(!c.value)}`;
    case "memberOfRole":
      return `\`${c.attribute}\` names a group the user does not belong to`;
    case "holdsAllListed":
      return `${c.from} \`${c.key}\` ${c.from === "resource" ? "is given and " : ""}lists a permission the user does not hold`;
    case "principalFlag":
      return `the user's \`${c.attribute}\` is ${yesNo(!c.value)}`;
    case "principalIn": {
      const rest = others(vocabulary.principal.get(c.attribute)?.values, c.values);
      return rest.length ? `the user's \`${c.attribute}\` is ${values(rest)}` : `the user's \`${c.attribute}\` is none of its values`;
    }
    case "relation":
      return vocabulary.resource.get(c.attribute)?.kind === "users"
        ? `the user (by id) is not one of the resource's \`${c.attribute}\``
        : `the resource's \`${c.attribute}\` is another user (by id)`;
    case "not":
      // Validation rejects a double negation; were one written, it would hold exactly when the condition does.
      return conditionMarkdown(c.condition, vocabulary);
  }
}

/** Whether a request can leave a condition undecided: an attribute it reads omitted without a default, or an undeclared value. */
function canBeUnknown(c: Condition, vocabulary: DocsVocabulary): boolean {
  switch (c.kind) {
    case "contextFlag":
    case "principalStaff":
      return false;
    case "holdsAllListed":
      return c.from === "resource";
    case "resourceFlag":
      return (vocabulary.resource.get(c.attribute)?.default ?? null) === null;
    case "principalFlag":
      return (vocabulary.principal.get(c.attribute)?.default ?? null) === null;
    case "not":
      return canBeUnknown(c.condition, vocabulary);
    default:
      // Enums can hold an undeclared value; group names, lists and users can be omitted.
      return true;
  }
}

/** A deny rule for people: exactly when it denies (also when it cannot be decided), then the document's words. */
export function denyMarkdown(rule: DenyIR, vocabulary: DocsVocabulary): string {
  const when = `denied when ${conditionMarkdown(rule.when, vocabulary)}${canBeUnknown(rule.when, vocabulary) ? " or when the request leaves that unknown" : ""}`;
  return rule.text === null ? when : `${when} (document: ${inlineText(rule.text)})`;
}
