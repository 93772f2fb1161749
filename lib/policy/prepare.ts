/**
 * Precompile a parsed trust policy for fast repeated evaluation: condition values become a hash
 * lookup (literal values) plus compiled globs (`glob-match.ts`, linear-bounded, never a RegExp),
 * actions are decided once for `sts:AssumeRoleWithWebIdentity`, and principals become a set of
 * provider ARNs.
 * String operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import { hasVariables, tokenizeIamString, type GlobToken } from "./glob";
import { compileTokens, compileWildcards, firstGlobMatch, foldCase, globIndex, matchesText, type CompiledGlob } from "./glob-match";
import type { ParsedOperator } from "./operators";
import type { NormalizedStatement, ParsedPolicy } from "./parse";
import type { ContextLookup } from "./context";
import { memoizeByString } from "./memo";

/** The only action a GitLab token is used for. */
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/**
 * Index of the first policy value that the request value hits (equals / is like), or
 * NO_HIT, or NO_HIT_UNRESOLVED when no value hit and a policy variable could not be resolved.
 */
export const NO_HIT = -1;
/** No value hit, and some value's policy variable could not be resolved. */
export const NO_HIT_UNRESOLVED = -2;
/** Index of the first policy value a request value hits, NO_HIT or NO_HIT_UNRESOLVED. */
export type HitTest = (requestValue: string, context: ContextLookup) => number;

/** A condition with its values compiled into a hit test. */
export interface PreparedCondition {
  operator: string;
  op: ParsedOperator;
  key: string;
  keyLower: string;
  values: string[];
  hit: HitTest;
}

/** A statement decided as far as possible ahead of any request. */
export interface PreparedStatement {
  index: number;
  sid: string | null;
  effect: "Allow" | "Deny";
  notPrincipal: boolean;
  /** Principal `"*"` or `{"AWS": "*"}` (matches every requester). */
  anyPrincipal: boolean;
  federated: Set<string>;
  actionMatches: boolean;
  conditions: PreparedCondition[];
}

/** A policy compiled for fast evaluation (reuse it across requests). */
export interface PreparedPolicy {
  statements: PreparedStatement[];
  variables: boolean;
}

type VarToken = GlobToken & { t: "var" };

/** Resolve `${key}` / `${key, 'default'}` against the request; null when it has no single non-empty value. */
function resolveVariable(token: VarToken, context: ContextLookup): string | null {
  const value = context.get(token.name.toLowerCase());
  if (typeof value === "string" && value !== "") return value;
  if (token.fallback !== null && token.fallback !== "") return token.fallback;
  return null;
}

const webIdentityActionMatches = memoizeByString((pattern: string) => uncachedActionPatternMatches(pattern, WEB_IDENTITY_ACTION));

/**
 * Does an Action element entry cover `action`? `*` alone covers every action; otherwise the service
 * (before the first `:`) must equal the action's ignoring case and the action name (after it, up to
 * a second `:`) is a case-insensitive glob: `*` any run, `?` one character, all else literal.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export function actionPatternMatches(pattern: string, action = WEB_IDENTITY_ACTION): boolean {
  return action === WEB_IDENTITY_ACTION ? webIdentityActionMatches(pattern) : uncachedActionPatternMatches(pattern, action);
}

function uncachedActionPatternMatches(pattern: string, action: string): boolean {
  if (/^\*+$/.test(pattern)) return true;
  const [service = "", name = ""] = pattern.split(":");
  const [requestService = "", requestName = ""] = action.split(":");
  if (name.length === 0 || /\s/.test(name) || service.toLowerCase() !== requestService.toLowerCase()) return false;
  return matchesText(compileWildcards(name, { ignoreCase: true }), requestName);
}

function statementActionMatches(statement: NormalizedStatement): boolean {
  const any = statement.actions.values.some((pattern) => actionPatternMatches(pattern));
  return statement.actions.not ? !any : any;
}

interface ValueMatcher {
  wildcards: boolean;
  ignoreCase: boolean;
}

function matcherKind(op: ParsedOperator): ValueMatcher | "bool" | null {
  switch (op.base) {
    case "StringEquals":
    case "StringNotEquals":
      return { wildcards: false, ignoreCase: false };
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
      return { wildcards: false, ignoreCase: true };
    case "StringLike":
    case "StringNotLike":
      return { wildcards: true, ignoreCase: false };
    case "Bool":
      return "bool";
    default:
      return null;
  }
}

const noHit: HitTest = () => NO_HIT;

/** A value's literal text (its tokens hold no wildcard: StringEquals and friends). */
function literalText(tokens: readonly GlobToken[], resolve: (token: VarToken) => string | null): string | null {
  let text = "";
  for (const token of tokens) {
    if (token.t === "lit") text += token.c;
    else if (token.t === "var") {
      const value = resolve(token);
      if (value === null) return null;
      text += value;
    }
  }
  return text;
}

/**
 * The hit test of a string operator's values: the index of the FIRST value the request value equals
 * (ignoring case for IgnoreCase) or is like (StringLike globs), as AWS ORs the values.
 * Variable-free values are decided by a hash lookup (literals) and compiled globs in value order;
 * values with policy variables are resolved per request and compiled then. Every path is a hash
 * lookup or the linear-bounded matcher of glob-match.ts: no RegExp is built from policy data.
 */
function stringHitTest(values: string[], kind: ValueMatcher, variables: boolean): HitTest {
  const tokenized = values.map((value) => tokenizeIamString(value, { wildcards: kind.wildcards, variables }));
  const fold = (text: string) => (kind.ignoreCase ? foldCase(text) : text);
  const exact = new Map<string, number>();
  const globs: { index: number; glob: CompiledGlob }[] = [];
  const dynamic: { index: number; tokens: GlobToken[] }[] = [];
  tokenized.forEach((tokens, index) => {
    if (hasVariables(tokens)) dynamic.push({ index, tokens });
    else {
      const glob = kind.wildcards ? (compileTokens(tokens) as CompiledGlob) : null;
      if (glob !== null && glob.wild) globs.push({ index, glob });
      else {
        // Variable-free, so literalText never resolves anything here.
        const key = fold(glob === null ? (literalText(tokens, () => null) as string) : glob.prefix);
        if (!exact.has(key)) exact.set(key, index);
      }
    }
  });
  const byPrefix = globs.length === 0 ? null : globIndex(globs);
  return (requestValue, context) => {
    const request = fold(requestValue);
    let best = exact.get(request) ?? NO_HIT;
    if (byPrefix !== null) {
      const found = firstGlobMatch(byPrefix, request, best);
      if (found !== NO_HIT) best = found;
    }
    let unresolved = false;
    for (const { index, tokens } of dynamic) {
      if (best !== NO_HIT && index > best) break;
      const resolve = (token: VarToken) => resolveVariable(token, context);
      let hit: boolean;
      if (kind.wildcards) {
        const glob = compileTokens(tokens, resolve);
        if (glob === null) {
          unresolved = true;
          continue;
        }
        hit = matchesText(glob, request);
      } else {
        const text = literalText(tokens, resolve);
        if (text === null) {
          unresolved = true;
          continue;
        }
        hit = fold(text) === request;
      }
      if (hit) {
        best = index;
        break;
      }
    }
    return best === NO_HIT && unresolved ? NO_HIT_UNRESOLVED : best;
  };
}

/** Bool: both sides must read true/false (any case) and be equal ignoring case. */
function boolHitTest(values: string[], variables: boolean): HitTest {
  const tokenized = values.map((value) => tokenizeIamString(value, { wildcards: false, variables }));
  return (requestValue, context) => {
    const request = requestValue.toLowerCase();
    let unresolved = false;
    for (let index = 0; index < tokenized.length; index++) {
      const tokens = tokenized[index] as GlobToken[];
      let resolved = "";
      let ok = true;
      for (const token of tokens) {
        if (token.t === "var") {
          const value = resolveVariable(token, context);
          if (value === null) ok = false;
          else resolved += value;
        } else resolved += token.t === "lit" ? token.c : token.t === "one" ? "?" : "*";
      }
      if (!ok) {
        unresolved = true;
        continue;
      }
      const policy = resolved.toLowerCase();
      if ((policy === "true" || policy === "false") && (request === "true" || request === "false") && policy === request) return index;
    }
    return unresolved ? NO_HIT_UNRESOLVED : NO_HIT;
  };
}

function prepareStatement(statement: NormalizedStatement, variables: boolean): PreparedStatement {
  const federated = new Set<string>();
  let anyPrincipal = statement.principal.wildcard;
  for (const entry of statement.principal.entries) {
    if (entry.type === "Federated") federated.add(entry.value);
    if (entry.type === "AWS" && entry.value === "*") anyPrincipal = true;
  }
  const conditions = statement.conditions.map((condition): PreparedCondition => {
    const kind = matcherKind(condition.op);
    const hit = kind === null ? noHit : kind === "bool" ? boolHitTest(condition.values, variables) : stringHitTest(condition.values, kind, variables);
    return { operator: condition.operator, op: condition.op, key: condition.key, keyLower: condition.key.toLowerCase(), values: condition.values, hit };
  });
  return {
    index: statement.index,
    sid: statement.sid,
    effect: statement.effect,
    notPrincipal: statement.principal.not,
    anyPrincipal,
    federated,
    actionMatches: statementActionMatches(statement),
    conditions,
  };
}

/** Precompile every statement; policy variables apply only under Version 2012-10-17. */
export function preparePolicy(parsed: ParsedPolicy): PreparedPolicy {
  const variables = parsed.version === "2012-10-17";
  return { statements: parsed.statements.map((statement) => prepareStatement(statement, variables)), variables };
}
