/**
 * Parse and validate a role trust policy as IAM returns it: a JSON object, a JSON string, or the
 * URL-encoded JSON string of `GetRole` / `ListRoles` (RFC 3986).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html (AssumeRolePolicyDocument)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { parseOperator, type ParsedOperator } from "./operators";
import type { JsonObject, JsonValue, PolicyError, TrustPolicy } from "./types";

/** Principal types IAM accepts in a Principal element. */
export type PrincipalType = "AWS" | "Federated" | "Service" | "CanonicalUser";
const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Federated", "Service", "CanonicalUser"];

/** One principal identifier with its type. */
export interface PrincipalEntry {
  type: PrincipalType;
  value: string;
}

/** A Principal or NotPrincipal element in one shape. */
export interface NormalizedPrincipal {
  /** True for `NotPrincipal`. */
  not: boolean;
  /** `"Principal": "*"`. */
  wildcard: boolean;
  entries: PrincipalEntry[];
}

/** One operator × key × values triple of a Condition element. */
export interface NormalizedCondition {
  /** The operator as written. */
  operator: string;
  op: ParsedOperator;
  key: string;
  values: string[];
}

/** A statement with string-or-list elements normalised to lists. */
export interface NormalizedStatement {
  index: number;
  sid: string | null;
  effect: "Allow" | "Deny";
  principal: NormalizedPrincipal;
  /** `not` for NotAction. */
  actions: { not: boolean; values: string[] };
  conditions: NormalizedCondition[];
  /** The statement exactly as given (kept verbatim by the compiler). */
  raw: JsonObject;
}

/** A validated policy: the document as given plus normalised statements. */
export interface ParsedPolicy {
  document: TrustPolicy;
  /** `Version`, or null when absent (IAM then applies 2008-10-17: no policy variables). */
  version: string | null;
  statements: NormalizedStatement[];
}

/** A parsed policy, or a typed `INVALID_POLICY` error naming the problem and its path. */
export type ParseResult = { ok: true; policy: ParsedPolicy } | { ok: false; error: PolicyError };

class Invalid {
  constructor(
    readonly message: string,
    readonly path: string,
  ) {}
}

function fail(message: string, path: string): never {
  throw new Invalid(message, path);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodeText(text: string): JsonValue {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as JsonValue;
  } catch {
    if (!trimmed.includes("%")) fail("the policy is not valid JSON", "");
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(trimmed);
  } catch {
    return fail("the policy is neither JSON nor valid URL-encoded JSON", "");
  }
  try {
    return JSON.parse(decoded) as JsonValue;
  } catch {
    return fail("the URL-decoded policy is not valid JSON", "");
  }
}

function stringList(value: JsonValue | undefined, path: string, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0) fail(`${what} must not be an empty list`, path);
  return list.map((item, i) => {
    if (typeof item !== "string" || item.length === 0) fail(`${what} must be a non-empty string or a list of them`, Array.isArray(value) ? `${path}[${i}]` : path);
    return item;
  });
}

function principal(value: JsonValue | undefined, not: boolean, path: string): NormalizedPrincipal {
  if (value === "*") return { not, wildcard: true, entries: [] };
  if (!isObject(value)) fail(`${not ? "NotPrincipal" : "Principal"} must be "*" or an object such as {"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com"}`, path);
  const entries: PrincipalEntry[] = [];
  for (const [type, ids] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.includes(type as PrincipalType)) fail(`unknown principal type '${type}' (expected ${PRINCIPAL_TYPES.join(", ")})`, `${path}.${type}`);
    for (const id of stringList(ids, `${path}.${type}`, `${type} principal`)) entries.push({ type: type as PrincipalType, value: id });
  }
  if (entries.length === 0) fail("the principal element names no principal", path);
  return { not, wildcard: false, entries };
}

function conditionValues(value: JsonValue | undefined, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (typeof item === "string") return item;
    if (typeof item === "number" || typeof item === "boolean") return String(item);
    return fail("condition values must be strings, numbers or booleans", Array.isArray(value) ? `${path}[${i}]` : path);
  });
}

function conditions(value: JsonValue | undefined, path: string): NormalizedCondition[] {
  if (value === undefined) return [];
  if (!isObject(value)) fail("Condition must be an object of operators", path);
  const out: NormalizedCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const op = parseOperator(operator);
    if (op === null) fail(`unknown condition operator '${operator}'`, `${path}.${operator}`);
    if (!isObject(block)) fail(`condition operator '${operator}' must map condition keys to values`, `${path}.${operator}`);
    for (const [key, values] of Object.entries(block)) {
      if (key.length === 0) fail("condition keys must not be empty", `${path}.${operator}`);
      out.push({ operator, op, key, values: conditionValues(values, `${path}.${operator}.${key}`) });
    }
  }
  return out;
}

const STATEMENT_ELEMENTS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Condition"]);

function statement(value: JsonValue, index: number, path: string): NormalizedStatement {
  if (!isObject(value)) fail("each statement must be an object", path);
  for (const element of Object.keys(value)) {
    if (element === "Resource" || element === "NotResource") fail(`a role trust policy cannot contain ${element} (IAM: "Has prohibited field ${element}")`, `${path}.${element}`);
    if (!STATEMENT_ELEMENTS.has(element)) fail(`unknown statement element '${element}'`, `${path}.${element}`);
  }
  const sid = value.Sid;
  if (sid !== undefined && typeof sid !== "string") fail("Sid must be a string", `${path}.Sid`);
  if (value.Effect !== "Allow" && value.Effect !== "Deny") fail(`Effect must be "Allow" or "Deny" (got ${JSON.stringify(value.Effect ?? null)})`, `${path}.Effect`);
  const hasPrincipal = value.Principal !== undefined;
  if (hasPrincipal === (value.NotPrincipal !== undefined)) fail("a trust policy statement needs exactly one of Principal or NotPrincipal", path);
  const hasAction = value.Action !== undefined;
  if (hasAction === (value.NotAction !== undefined)) fail("a statement needs exactly one of Action or NotAction", path);
  return {
    index,
    sid: sid ?? null,
    effect: value.Effect,
    principal: hasPrincipal ? principal(value.Principal, false, `${path}.Principal`) : principal(value.NotPrincipal, true, `${path}.NotPrincipal`),
    actions: hasAction
      ? { not: false, values: stringList(value.Action, `${path}.Action`, "Action") }
      : { not: true, values: stringList(value.NotAction, `${path}.NotAction`, "NotAction") },
    conditions: conditions(value.Condition, `${path}.Condition`),
    raw: value,
  };
}

function policy(value: JsonValue): ParsedPolicy {
  if (!isObject(value)) fail("the policy must be a JSON object", "");
  for (const element of Object.keys(value)) {
    if (element !== "Version" && element !== "Id" && element !== "Statement") fail(`unknown top-level element '${element}'`, element);
  }
  const version = value.Version;
  if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17") fail(`Version must be "2012-10-17" or "2008-10-17" (got ${JSON.stringify(version)})`, "Version");
  if (value.Id !== undefined && typeof value.Id !== "string") fail("Id must be a string", "Id");
  const raw = value.Statement;
  if (raw === undefined) fail("the policy has no Statement", "Statement");
  if (Array.isArray(raw) && raw.length === 0) fail("Statement must contain at least one statement", "Statement");
  const list = Array.isArray(raw) ? raw : [raw];
  const statements = list.map((item, i) => statement(item, i, Array.isArray(raw) ? `Statement[${i}]` : "Statement"));
  return { document: value as unknown as TrustPolicy, version: typeof version === "string" ? version : null, statements };
}

/**
 * Validate an IAM trust policy document. Accepts an object, a JSON string or a URL-encoded JSON
 * string; returns a typed error naming the problem and its JSON path instead of throwing.
 */
export function parsePolicyDocument(input: unknown): ParseResult {
  try {
    if (input === null || input === undefined) fail("no policy document was given", "");
    const value = typeof input === "string" ? decodeText(input) : (input as JsonValue);
    return { ok: true, policy: policy(value) };
  } catch (e) {
    if (e instanceof Invalid) {
      const where = e.path === "" ? "" : ` at ${e.path}`;
      return { ok: false, error: { code: "INVALID_POLICY", message: `Invalid trust policy${where}: ${e.message}`, path: e.path } };
    }
    throw e;
  }
}
