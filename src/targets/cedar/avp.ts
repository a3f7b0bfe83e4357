// Amazon Verified Permissions' quotas on a policy store (AVP user guide, "Quotas"; none can be raised): the size of
// one policy, the total of the policies that specify neither principal nor resource (they share one total, for that
// principal and resource combination), and the schema. A system over any of them cannot be loaded into AVP.

/** The quotas, in bytes. */
export const AVP_QUOTAS = {
  policy: 10_000,
  /** Policies that specify neither principal nor resource, together: every policy this target writes (policy.cedar.hbs). */
  unscopedPolicies: 200_000,
  schema: 100_000,
} as const;

/** A quota a system's Cedar output goes over. */
export interface QuotaExceeded {
  quota: keyof typeof AVP_QUOTAS;
  /** What is measured, for a person: "policy <id>", "the policies that specify neither principal nor resource", ... */
  what: string;
  bytes: number;
  limit: number;
}

/** A policy's size as AVP counts it: the bytes of the statement sent to create-policy (its file, comments included). */
export function policyBytes(text: string): number {
  return Buffer.byteLength(text);
}

/**
 * The quotas the policies (each one's file text; every one leaves principal and resource open) and the schema's
 * JSON form go over, in the order of AVP_QUOTAS; empty when AVP can hold the system.
 */
export function quotasExceeded(policies: Array<{ id: string; text: string }>, schemaJson: string): QuotaExceeded[] {
  const exceeded: QuotaExceeded[] = [];
  let largest: { id: string; bytes: number } | undefined;
  let total = 0;
  for (const { id, text } of policies) {
    const bytes = policyBytes(text);
    total += bytes;
    if (!largest || bytes > largest.bytes) largest = { id, bytes };
  }
  if (largest && largest.bytes > AVP_QUOTAS.policy) exceeded.push({ quota: "policy", what: `policy ${largest.id} (the largest)`, bytes: largest.bytes, limit: AVP_QUOTAS.policy });
  if (total > AVP_QUOTAS.unscopedPolicies) {
    exceeded.push({ quota: "unscopedPolicies", what: "the policies that specify neither principal nor resource, together", bytes: total, limit: AVP_QUOTAS.unscopedPolicies });
  }
  const schema = Buffer.byteLength(schemaJson);
  if (schema > AVP_QUOTAS.schema) exceeded.push({ quota: "schema", what: "the schema (schema.cedarschema.json)", bytes: schema, limit: AVP_QUOTAS.schema });
  return exceeded;
}
