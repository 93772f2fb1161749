/**
 * Condition operator names: `[ForAnyValue:|ForAllValues:]Base[IfExists]`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */

export const STRING_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
] as const;

/** Operators IAM accepts whose values the evaluator does not compare (numbers, dates, IPs, ARNs, binary). */
export const OTHER_OPERATORS = [
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
] as const;

/** String comparison operators. */
export type StringOperator = (typeof STRING_OPERATORS)[number];
/** An operator without set prefix and IfExists suffix. */
export type BaseOperator = StringOperator | "Bool" | "Null" | (typeof OTHER_OPERATORS)[number];
/** Set operators for multivalued keys. */
export type SetOperator = "ForAnyValue" | "ForAllValues";

/** An operator name split into its parts. */
export interface ParsedOperator {
  /** Canonical spelling, e.g. `ForAnyValue:StringLikeIfExists`. */
  name: string;
  base: BaseOperator;
  set: SetOperator | null;
  ifExists: boolean;
  /** Negated operators are true when the key is missing (StringNotLike, ArnNotLike, NotIpAddress...). */
  negated: boolean;
  /** The evaluator compares values (string operators and Bool); Null only tests presence. */
  evaluated: boolean;
}

const BASES: readonly BaseOperator[] = [...STRING_OPERATORS, "Bool", "Null", ...OTHER_OPERATORS];
const BY_LOWER = new Map<string, BaseOperator>(BASES.map((base) => [base.toLowerCase(), base]));

/** Parse an operator name (matched case-insensitively), or null when IAM does not know it. */
export function parseOperator(raw: string): ParsedOperator | null {
  let rest = raw;
  let set: SetOperator | null = null;
  const colon = rest.indexOf(":");
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === "foranyvalue") set = "ForAnyValue";
    else if (prefix === "forallvalues") set = "ForAllValues";
    else return null;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith("ifexists")) {
    ifExists = true;
    rest = rest.slice(0, -"ifexists".length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (base === undefined) return null;
  if (base === "Null" && ifExists) return null;
  const negated = base === "NotIpAddress" || /^(String|Numeric|Date|Arn)Not/.test(base);
  const evaluated = base === "Bool" || base === "Null" || (STRING_OPERATORS as readonly string[]).includes(base);
  const name = (set === null ? "" : set + ":") + base + (ifExists ? "IfExists" : "");
  return { name, base, set, ifExists, negated, evaluated };
}
