/**
 * Compile the desired mappings of one role into its trust policy.
 *
 * - One managed statement per (OIDC provider ARN, audience), Sid `TrustmapManaged<hash>`:
 *   Allow, `{"Federated": providerArn}`, `sts:AssumeRoleWithWebIdentity`,
 *   `StringEquals {issuer}:aud` = the audience (a string) and `StringLike {issuer}:sub` = the
 *   minimal sorted pattern set (a string when there is one pattern, else a list).
 * - Foreign statements (any other Sid) are kept verbatim and in place; managed statements replace
 *   the first managed statement of the existing policy, or are appended.
 * - Deterministic: any order of the same mappings gives byte-identical JSON.
 * - A role with no mappings and no foreign statement is an error (`EMPTY_POLICY`): IAM requires at
 *   least one statement, so the caller must delete the role or keep a statement of its own.
 * - Over the size quota is an error naming how many characters over and which mappings to move.
 */
import { claimKey, issuerHostFromUrl, parseProviderArn } from "./issuer";
import { minimizePatterns } from "./minimize";
import { parsePolicyDocument } from "./parse";
import { isOwnedSid, managedSid } from "./sid";
import { codePointLength, DEFAULT_TRUST_POLICY_QUOTA, isAllowedQuota, minifiedLength, NEAR_QUOTA_RATIO } from "./size";
import { compileSubjects, type GitLabSelector } from "./subject";
import type { FieldError, Finding, JsonObject, PolicyError, TrustPolicy, TrustStatement } from "./types";

/** One approved "this GitLab selector may assume this role" entry. */
export interface Mapping {
  id: string;
  selector: GitLabSelector;
  /** The `aud` the job requests in `id_tokens:` (must be a client ID of the provider). */
  audience: string;
  /** `arn:aws:iam::{account}:oidc-provider/{issuer host}`. */
  providerArn: string;
  /** Issuer URL; when given it must be the provider's URL. */
  issuer?: string;
}

/** Input of `compileTrustPolicy`: the role's desired mappings and its current policy. */
export interface CompileInput {
  mappings: Mapping[];
  /** The role's current trust policy (object, JSON, URL-encoded JSON), or null for a new role. */
  existing?: unknown;
  /** Trust policy length quota: 2048 (default), 4096 or 8192. */
  quota?: number;
}

/** Summary of one managed statement: which mappings it serves with which patterns. */
export interface ManagedStatement {
  sid: string;
  providerArn: string;
  audience: string;
  patterns: string[];
  mappingIds: string[];
}

/** Why a policy could not be compiled (`INVALID_MAPPINGS`, `INVALID_EXISTING_POLICY`, `EMPTY_POLICY`, `POLICY_TOO_LARGE`, `INVALID_QUOTA`). */
export interface CompileError extends PolicyError {
  size?: number;
  quota?: number;
  /** Characters over the quota. */
  over?: number;
  /** Mappings (by id) that would have to move to another role for the rest to fit. */
  mappingsToMove?: string[];
}

/** The compiled policy (`json` minified, `size` as IAM counts it), or a typed error. */
export type CompileResult =
  | { ok: true; policy: TrustPolicy; json: string; size: number; quota: number; managed: ManagedStatement[]; findings: Finding[] }
  | { ok: false; error: CompileError };

interface ValidMapping {
  mapping: Mapping;
  patterns: string[];
  issuerHost: string;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateMappings(mappings: Mapping[]): { valid: ValidMapping[]; errors: FieldError[]; findings: Finding[] } {
  const valid: ValidMapping[] = [];
  const errors: FieldError[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [position, mapping] of mappings.entries()) {
    const prefix = `mappings[${typeof mapping?.id === "string" && mapping.id !== "" ? mapping.id : position}]`;
    const before = errors.length;
    if (typeof mapping?.id !== "string" || mapping.id === "") errors.push({ field: `${prefix}.id`, code: "required", message: "mapping id is required" });
    else if (seen.has(mapping.id)) errors.push({ field: `${prefix}.id`, code: "duplicate_id", message: `mapping id '${mapping.id}' appears twice` });
    else seen.add(mapping.id);
    const provider = typeof mapping?.providerArn === "string" ? parseProviderArn(mapping.providerArn) : null;
    if (provider === null) errors.push({ field: `${prefix}.providerArn`, code: "invalid_provider_arn", message: "providerArn must be an OIDC provider ARN such as arn:aws:iam::123456789012:oidc-provider/gitlab.example.com" });
    else if (mapping.issuer !== undefined && issuerHostFromUrl(mapping.issuer).toLowerCase() !== provider.issuerHost.toLowerCase()) {
      errors.push({ field: `${prefix}.issuer`, code: "issuer_mismatch", message: `issuer '${mapping.issuer}' is not the URL of provider ${mapping.providerArn}` });
    }
    if (typeof mapping?.audience !== "string" || mapping.audience === "") errors.push({ field: `${prefix}.audience`, code: "required", message: "audience is required (the aud of the job's id_tokens)" });
    const subjects = compileSubjects(mapping?.selector);
    if (!subjects.ok) {
      errors.push(...subjects.errors.map((e) => ({ ...e, field: `${prefix}.selector${e.field === "" ? "" : "." + e.field}` })));
      continue;
    }
    findings.push(...subjects.findings.map((f) => ({ ...f, mappingId: mapping.id })));
    if (errors.length === before && provider !== null) valid.push({ mapping, patterns: subjects.patterns, issuerHost: provider.issuerHost });
  }
  return { valid, errors, findings };
}

function managedStatements(valid: ValidMapping[], variables: boolean): { statements: TrustStatement[]; managed: ManagedStatement[]; findings: Finding[] } {
  const groups = new Map<string, ValidMapping[]>();
  for (const item of valid) {
    const key = item.mapping.providerArn + "\n" + item.mapping.audience;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  const keys = [...groups.keys()].sort(compare);
  const statements: TrustStatement[] = [];
  const managed: ManagedStatement[] = [];
  const findings: Finding[] = [];
  for (const key of keys) {
    const items = groups.get(key) as ValidMapping[];
    const first = items[0] as ValidMapping;
    const { providerArn, audience } = first.mapping;
    const all = items.flatMap((item) => item.patterns.map((pattern) => (variables ? pattern : pattern.replace(/\$\{\$\}/g, "$"))));
    const { kept, dropped } = minimizePatterns(all);
    const sid = managedSid(providerArn, audience);
    for (const [pattern, cover] of Object.entries(dropped).sort(([a], [b]) => compare(a, b))) {
      if (pattern === cover) continue;
      findings.push({ code: "pattern-subsumed", severity: "info", message: `Pattern ${pattern} is covered by ${cover} and was left out`, fix: "Nothing to do; remove the narrower mapping if it is redundant", pattern, statementSid: sid });
    }
    statements.push({
      Sid: sid,
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [claimKey(first.issuerHost, "aud")]: audience },
        StringLike: { [claimKey(first.issuerHost, "sub")]: kept.length === 1 ? (kept[0] as string) : kept },
      },
    });
    managed.push({ sid, providerArn, audience, patterns: kept, mappingIds: items.map((item) => item.mapping.id).sort(compare) });
  }
  return { statements, managed, findings };
}

interface Existing {
  version: string | null;
  id: string | undefined;
  /** Foreign statements, verbatim. */
  foreign: JsonObject[];
  /** Where the managed statements go among the foreign ones. */
  insertAt: number;
}

function readExisting(existing: unknown): { ok: true; value: Existing } | { ok: false; error: CompileError } {
  if (existing === undefined || existing === null || existing === "") return { ok: true, value: { version: null, id: undefined, foreign: [], insertAt: 0 } };
  const parsed = parsePolicyDocument(existing);
  if (!parsed.ok) return { ok: false, error: { ...parsed.error, code: "INVALID_EXISTING_POLICY" } };
  const foreign: JsonObject[] = [];
  let insertAt = -1;
  for (const statement of parsed.policy.statements) {
    if (isOwnedSid(statement.sid)) {
      if (insertAt === -1) insertAt = foreign.length;
    } else foreign.push(statement.raw);
  }
  return { ok: true, value: { version: parsed.policy.version, id: parsed.policy.document.Id, foreign, insertAt: insertAt === -1 ? foreign.length : insertAt } };
}

/** Under Version 2008-10-17 (or none) `${...}` is literal; switching to 2012 would change foreign statements that contain `${`. */
function chooseVersion(existing: Existing): string | null {
  if (existing.version === "2012-10-17") return "2012-10-17";
  if (existing.foreign.some((statement) => JSON.stringify(statement).includes("${"))) return existing.version;
  return "2012-10-17";
}

function assemble(valid: ValidMapping[], existing: Existing) {
  const version = chooseVersion(existing);
  const built = managedStatements(valid, version === "2012-10-17");
  const statements = [...existing.foreign.slice(0, existing.insertAt), ...built.statements, ...existing.foreign.slice(existing.insertAt)] as TrustStatement[];
  const policy: TrustPolicy = { ...(version === null ? {} : { Version: version }), ...(existing.id === undefined ? {} : { Id: existing.id }), Statement: statements };
  return { policy, ...built };
}

function mappingsToMove(valid: ValidMapping[], existing: Existing, quota: number): string[] {
  const sorted = [...valid].sort((a, b) => compare(a.mapping.id, b.mapping.id));
  const kept: ValidMapping[] = [];
  const moved: string[] = [];
  for (const item of sorted) {
    const trial = assemble([...kept, item], existing);
    if (minifiedLength(trial.policy) <= quota) kept.push(item);
    else moved.push(item.mapping.id);
  }
  return moved;
}

/** Compile mappings (+ the existing policy's foreign statements) into the role's trust policy. */
export function compileTrustPolicy(input: CompileInput): CompileResult {
  const quota = input.quota ?? DEFAULT_TRUST_POLICY_QUOTA;
  if (!isAllowedQuota(quota)) return { ok: false, error: { code: "INVALID_QUOTA", message: `quota must be 2048, 4096 or 8192 (got ${quota})` } };
  const { valid, errors, findings } = validateMappings(Array.isArray(input.mappings) ? input.mappings : []);
  if (errors.length > 0) return { ok: false, error: { code: "INVALID_MAPPINGS", message: `${errors.length} mapping field(s) are invalid: ${errors[0]?.message}`, errors } };
  const existing = readExisting(input.existing);
  if (!existing.ok) return existing;
  const { policy, managed, findings: minimizeFindings } = assemble(valid, existing.value);
  const statements = policy.Statement as TrustStatement[];
  if (statements.length === 0) {
    return { ok: false, error: { code: "EMPTY_POLICY", message: "No statement would remain: IAM requires at least one. Delete the role, or keep a statement trustmap does not manage." } };
  }
  const json = JSON.stringify(policy);
  const size = codePointLength(json);
  if (size > quota) {
    const move = mappingsToMove(valid, existing.value, quota);
    return {
      ok: false,
      error: {
        code: "POLICY_TOO_LARGE",
        message: `The trust policy would be ${size} characters, ${size - quota} over the ${quota}-character quota; move ${move.length} mapping(s) to another role: ${move.join(", ")}`,
        size,
        quota,
        over: size - quota,
        mappingsToMove: move,
      },
    };
  }
  const sizeFindings: Finding[] = [];
  if (size > quota * NEAR_QUOTA_RATIO) {
    sizeFindings.push({ code: "size-near-quota", severity: "medium", message: `The trust policy uses ${size} of ${quota} characters (${Math.round((size / quota) * 100)}%)`, fix: "Raise the role trust policy length quota, or plan to split mappings across roles" });
  }
  const allFindings = [...findings.sort((a, b) => compare(a.mappingId ?? "", b.mappingId ?? "") || compare(a.code, b.code)), ...minimizeFindings, ...sizeFindings];
  return { ok: true, policy, json, size, quota, managed, findings: allFindings };
}
