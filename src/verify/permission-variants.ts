import type { Decision, ReferenceEvaluator } from "../eval/decide.ts";
import { checkRequest, type RequestCheck } from "../eval/request.ts";
import type { PolicyRequest } from "../eval/request.ts";

/**
 * The requests that differ from one template only in the principal's permissions: a condition combination of an
 * action, asked with many permission sets (every subset, or a covering set). The template is checked and encoded
 * once; each variant costs its permission list. A variant's permissions are strings, so it is malformed exactly
 * when the template is, and checkRequest passes the list through unchanged.
 */
export class PermissionVariants {
  /** The template's JSON before and after its (empty) permission list, which is the principal's first key. */
  private readonly jsonHead: string;
  private readonly jsonTail: string;
  private readonly checked: RequestCheck;

  /** `template` has no permissions, given first (baseRequest's order), and is never changed afterwards. */
  constructor(
    private readonly evaluator: ReferenceEvaluator,
    readonly template: PolicyRequest,
  ) {
    const json = JSON.stringify(template);
    this.jsonHead = `{"action":${JSON.stringify(template.action)},"principal":{"permissions":`;
    this.jsonTail = json.slice(this.jsonHead.length + "[]".length);
    this.checked = checkRequest(evaluator.system, template);
  }

  /** JSON.stringify of the variant's request. */
  json(permissions: string[]): string {
    return this.jsonHead + JSON.stringify(permissions) + this.jsonTail;
  }

  /** The variant's request; it shares the template's resource, context and other principal fields. */
  request(permissions: string[]): PolicyRequest {
    return { ...this.template, principal: { ...this.template.principal, permissions } };
  }

  /** What evaluator.decision(this.request(permissions)) is. */
  decision(permissions: string[]): Decision {
    return this.checked.ok ? this.evaluator.checkedDecision({ ...this.checked.request, permissions }) : "deny";
  }
}
