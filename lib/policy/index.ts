/**
 * trustmap policy engine — the public API. Pure TypeScript, plain JSON-serialisable data in and
 * out, typed error values instead of exceptions. See each module for the AWS / GitLab semantics.
 */
export type { Decision, FieldError, Finding, PolicyError, Severity, TrustPolicy, TrustStatement, ConditionValue, PrincipalElement } from "./types";
export type { GitLabSelector, RefType, SubClaimComponent, SelectorValidation, CompiledSubjects } from "./subject";
export { compileSubjects, validateSelector, buildSubject, SUB_CLAIM_COMPONENTS, DEFAULT_SUB_CLAIM_COMPONENTS } from "./subject";
export type { SubPatternParts, SubCoverage } from "./sub-pattern";
export { parseSubPattern, describeSubPattern } from "./sub-pattern";
export type { Mapping, CompileInput, CompileResult, CompileError, ManagedStatement } from "./compile";
export { compileTrustPolicy } from "./compile";
export { TRUSTMAP_SID_PREFIX, isOwnedSid, managedSid } from "./sid";
export type { Grant, StringConstraint, UninterpretableCondition, UninterpretableReason, ReadResult } from "./read";
export { readTrustPolicy } from "./read";
export type { ParsedPolicy, ParseResult, NormalizedStatement, NormalizedCondition, PrincipalEntry, NormalizedPrincipal } from "./parse";
export { parsePolicyDocument } from "./parse";
export type { Explanation, StatementExplanation, EvaluateInput, EvaluateResult } from "./evaluate";
export { evaluate, evaluatePrepared, preparedPolicyFor } from "./evaluate";
export type { ConditionExplanation, ConditionOutcome } from "./condition";
export type { RequestContext, ContextValue } from "./context";
export { webIdentityContext } from "./context";
export type { PreparedPolicy } from "./prepare";
export type { GitLabIdTokenClaims, DecodedToken } from "./jwt";
export { decodeGitLabIdToken } from "./jwt";
export type { RoleTrust, RoleOutcome, AudienceResult, TokenAcrossRoles, OverallDecision, StoredTrust, PolicyToJudge, NotJudgedWhy } from "./assume";
export { evaluateTokenAgainstRoles, combineDecisions, policyToJudge, notJudgedReason } from "./assume";
export type { LintOptions, LintResult } from "./lint";
export { lintTrustPolicy } from "./lint";
export type { SizeResult } from "./size";
export { measurePolicySize, DEFAULT_TRUST_POLICY_QUOTA, ALLOWED_TRUST_POLICY_QUOTAS } from "./size";
export { globIncludes } from "./glob-inclusion";
export { globMatches, compileWildcards, matchesText, type CompiledGlob, type WildcardOptions } from "./glob-match";
export { parseProviderArn, providerArnFor, issuerHostFromUrl, withoutTrailingSlashes } from "./issuer";
