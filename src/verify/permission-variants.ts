import type { Decision, ReferenceEvaluator } from "../eval/decide.ts";
import { checkRequest, type CheckedRequest, type PolicyRequest, type RequestCheck } from "../eval/request.ts";
import type { PermissionListJson } from "./fixture-json.ts";

/**
 * The requests that differ from one template only in the principal's permissions: a condition combination of an
 * action, asked with many permission sets (every subset, or a covering set). The template is checked and encoded
 * once; each variant costs its permission list. A variant's permissions are strings, so it is malformed exactly
 * when the template is, and checkRequest passes the list through unchanged.
 */
export class PermissionVariants {
  /** The template's JSON before and after its (empty) permission list, which is the principal's first key: each variant's too. */
  readonly json: PermissionListJson;
  private readonly checked: RequestCheck;
  /** The checked template, given each variant's permissions in turn to be decided: the evaluator keeps no request. */
  private readonly decided: CheckedRequest | undefined;

  private constructor(
    private readonly evaluator: ReferenceEvaluator,
    readonly template: PolicyRequest,
    templateJson: string,
    /** The permission lists (as JSON) asked so far of every template with this one's JSON. */
    private readonly asked: Set<string>,
  ) {
    const head = `{"action":${JSON.stringify(template.action)},"principal":{"permissions":`;
    this.json = { head, tail: templateJson.slice(head.length + "[]".length) };
    this.checked = checkRequest(evaluator.system, template);
    this.decided = this.checked.ok ? { ...this.checked.request } : undefined;
  }

  /**
   * One family per template, in order. Each template has no permissions, given first (baseRequest's order), and is
   * never changed afterwards. Templates with the same JSON share what was asked, so a request asked in two of them
   * is asked once, as when requests are told apart by their whole JSON.
   */
  static of(evaluator: ReferenceEvaluator, templates: Iterable<PolicyRequest>): PermissionVariants[] {
    const askedByTemplate = new Map<string, Set<string>>();
    const families: PermissionVariants[] = [];
    for (const template of templates) {
      const json = JSON.stringify(template);
      let asked = askedByTemplate.get(json);
      if (!asked) askedByTemplate.set(json, (asked = new Set()));
      families.push(new PermissionVariants(evaluator, template, json, asked));
    }
    return families;
  }

  /**
   * Whether the variant's request is asked for the first time (true once). Requests are told apart by their JSON,
   * of which only the short permission list differs between variants: only the list is encoded and hashed.
   */
  ask(permissions: string[]): boolean {
    const list = JSON.stringify(permissions);
    if (this.asked.has(list)) return false;
    this.asked.add(list);
    return true;
  }

  /** The variant's request; it shares the template's resource, context and other principal fields. */
  request(permissions: string[]): PolicyRequest {
    return { ...this.template, principal: { ...this.template.principal, permissions } };
  }

  /** What evaluator.decision(this.request(permissions)) is. */
  decision(permissions: string[]): Decision {
    if (this.decided === undefined) return "deny";
    this.decided.permissions = permissions;
    return this.evaluator.checkedDecision(this.decided);
  }

  /** The smallest permission sets the template lacks to be allowed: what evaluator.decide(this.template).missingOptions is. */
  missingOptions(): string[][] {
    return this.checked.ok ? this.evaluator.checkedMissingOptions(this.checked.request) : [];
  }
}
