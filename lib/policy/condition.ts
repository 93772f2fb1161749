/**
 * Evaluate one condition (operator × key × values) against a request context, per AWS:
 * - values of one key are OR-ed; a negated operator is true only if no value hits;
 * - a missing key makes a condition false, except `...IfExists` and negated operators (true),
 *   `Null` (tests presence) and `ForAllValues` (true);
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * - `ForAnyValue` is true if some request value satisfies the base operator, `ForAllValues` if
 *   every one does (also for an empty set); `ForAnyValue` on a missing key is false;
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * - a plain operator on a multivalued key does not match;
 * - a value whose policy variable cannot be resolved never hits, and also makes a negated
 *   operator false (the statement cannot be proven to apply).
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
 */
import type { ContextLookup, ContextValue } from "./context";
import { NO_HIT, type PreparedCondition } from "./prepare";

/** Why a condition came out the way it did (stable codes; the UI words them). */
export type ConditionOutcome =
  | "value-matched"
  | "no-value-matched"
  | "negated-no-value-matched"
  | "negated-value-matched"
  | "missing-key"
  | "missing-key-negated"
  | "missing-key-if-exists"
  | "missing-key-for-all-values"
  | "missing-key-for-any-value"
  | "multivalued-key-needs-set-operator"
  | "null-check"
  | "unresolved-variable"
  | "unsupported-operator";

/** The trace of one condition: key, operator, values, the request's value and the outcome. */
export interface ConditionExplanation {
  operator: string;
  key: string;
  /** Policy values of the key (OR-ed). */
  values: string[];
  /** The request's value for the key, or null when the key is missing. */
  requestValue: ContextValue | null;
  matched: boolean;
  outcome: ConditionOutcome;
  /** The policy value that decided: the one matched (positive) or the one hit (negated, false). */
  decidingValue?: string;
}

function explain(condition: PreparedCondition, requestValue: ContextValue | null, matched: boolean, outcome: ConditionOutcome, hit = NO_HIT): ConditionExplanation {
  const result: ConditionExplanation = { operator: condition.operator, key: condition.key, values: condition.values, requestValue, matched, outcome };
  if (hit >= 0) result.decidingValue = condition.values[hit];
  return result;
}

/** A request value satisfies the base operator: hit for positive operators, no hit for negated ones. */
function satisfied(condition: PreparedCondition, hit: number): boolean {
  return condition.op.negated ? hit === NO_HIT : hit >= 0;
}

/** Evaluate one condition against the request context (see the module doc for the rules). */
export function evaluateCondition(condition: PreparedCondition, context: ContextLookup): ConditionExplanation {
  const { op } = condition;
  const value = context.get(condition.keyLower);
  const requestValue = value === undefined ? null : value;
  if (op.base === "Null") {
    const goal = value === undefined ? "true" : "false";
    const index = condition.values.findIndex((v) => v.toLowerCase() === goal);
    return explain(condition, requestValue, index >= 0, "null-check", index >= 0 ? index : NO_HIT);
  }
  if (value === undefined) {
    if (op.set === "ForAllValues") return explain(condition, null, true, "missing-key-for-all-values");
    if (op.ifExists) return explain(condition, null, true, "missing-key-if-exists");
    if (op.set === "ForAnyValue") return explain(condition, null, false, "missing-key-for-any-value");
    if (op.negated) return explain(condition, null, true, "missing-key-negated");
    return explain(condition, null, false, "missing-key");
  }
  if (!op.evaluated) return explain(condition, requestValue, false, "unsupported-operator");
  if (op.set !== null) {
    const list = typeof value === "string" ? [value] : value;
    let decided = NO_HIT;
    let result = op.set === "ForAllValues";
    for (const item of list) {
      const hit = condition.hit(item, context);
      const ok = satisfied(condition, hit);
      if (hit >= 0 && decided === NO_HIT) decided = hit;
      if (op.set === "ForAnyValue" && ok) {
        result = true;
        break;
      }
      if (op.set === "ForAllValues" && !ok) {
        result = false;
        break;
      }
    }
    const outcome = op.negated ? (result ? "negated-no-value-matched" : "negated-value-matched") : result ? "value-matched" : "no-value-matched";
    return explain(condition, requestValue, result, outcome, decided);
  }
  if (typeof value !== "string") return explain(condition, requestValue, false, "multivalued-key-needs-set-operator");
  const hit = condition.hit(value, context);
  if (hit < NO_HIT) return explain(condition, requestValue, false, "unresolved-variable");
  if (op.negated) return explain(condition, requestValue, hit === NO_HIT, hit === NO_HIT ? "negated-no-value-matched" : "negated-value-matched", hit);
  return explain(condition, requestValue, hit >= 0, hit >= 0 ? "value-matched" : "no-value-matched", hit);
}
