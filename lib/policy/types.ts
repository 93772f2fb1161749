/**
 * Shared types of the policy engine. Everything here is plain JSON-serialisable data:
 * results cross the API boundary (POST /api/v1/simulate) and the UI unchanged.
 */

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A string or a list of strings, as IAM allows for Action, Principal entries and condition values. */
export type StringOrList = string | string[];

/** A condition value as written in a policy (IAM accepts strings, numbers and booleans). */
export type ConditionValue = string | number | boolean | (string | number | boolean)[];

/** `Principal` / `NotPrincipal`: `"*"` or a map of principal type to one or more identifiers. */
export type PrincipalElement = "*" | { [type: string]: StringOrList };

/**
 * One statement of a role trust policy, as IAM stores it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
export interface TrustStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Condition?: { [operator: string]: { [key: string]: ConditionValue } };
}

/** A role trust policy document (`AssumeRolePolicyDocument`). */
export interface TrustPolicy {
  Version?: string;
  Id?: string;
  Statement: TrustStatement | TrustStatement[];
}

/** How bad a finding is. */
export type Severity = "critical" | "high" | "medium" | "low" | "info";

/** A problem or risk found in a selector, a mapping set or a policy. */
export interface Finding {
  /** Stable machine-readable code, e.g. `no-sub-condition`. */
  code: string;
  severity: Severity;
  message: string;
  /** What to do about it. */
  fix: string;
  statementSid?: string;
  statementIndex?: number;
  pattern?: string;
  mappingId?: string;
}

/** A validation error on one field of an input value. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** A typed error value; the engine never throws for bad input. */
export interface PolicyError {
  code: string;
  message: string;
  /** JSON path of the offending element, e.g. `Statement[1].Condition.StringLike`. */
  path?: string;
  errors?: FieldError[];
}

/** The outcome of evaluating a request: explicit Deny wins over Allow; nothing applicable is an implicit deny. */
export type Decision = "Allow" | "ImplicitDeny" | "ExplicitDeny";
