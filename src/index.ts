// The public API of policyc: what spec files and users' own tooling import.
export { defineSystem, SystemBuilder, SectionBuilder } from "./dsl/system-builder.ts";
export type { PermissionDecl, RoleDecl, ContextDecl, ResourceAttrDecl, PrincipalAttrDecl, DenyDecl, SectionOptions, ActionOptions } from "./dsl/system-builder.ts";
export type { AuthzenDecl, AuthzenSubjectTarget, AuthzenResourceTarget } from "./dsl/system-builder.ts";
export type { Req, Cond, ReqLike, RequirementHelpers, SystemNames } from "./dsl/requirements.ts";
export type * from "./ir/types.ts";
export { decide, ReferenceEvaluator } from "./eval/decide.ts";
export type { DecisionResult, Decision } from "./eval/decide.ts";
export type { PolicyRequest } from "./eval/request.ts";
