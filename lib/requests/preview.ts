/**
 * What a request would change, computed from plain data (no I/O): the `sub` patterns it compiles
 * to, the role's trust policy after the change (its approved mappings + this one, keeping the
 * foreign statements of the policy last read from IAM), the size against the quota, the lint
 * findings, the risk tier and the CI job (lib/mappings/ci-snippet.ts). The live preview and
 * filing a request share it (lib/requests/service.ts), so what the requester saw is what the
 * server decides on.
 */
import {
  compileSubjects,
  compileTrustPolicy,
  lintTrustPolicy,
  type Finding,
  type FieldError as PolicyFieldError,
  type GitLabSelector,
  type Mapping as PolicyMapping,
} from "@/lib/policy";
import { assessRisk, type RiskAssessment } from "./risk";
import { ciJobSnippet } from "@/lib/mappings/ci-snippet";
import { selectorOf as selectorOfRow } from "@/lib/mappings/model";

export interface RoleContext {
  arn: string;
  production: boolean;
  quota: number;
  /** The trust policy last read from IAM, or null when the reconciler has not read it yet. */
  actualTrustPolicy: unknown;
  account: { providerArn: string; issuerUrl: string; audiences: string[]; region: string };
  /** The role's approved, unexpired mappings, as the compiler takes them. */
  approved: PolicyMapping[];
}

export interface RequestDraft {
  scope: "group" | "project";
  gitlabPath: string;
  refType: "branch" | "tag" | "any";
  refPattern: string;
  environment?: string | null;
  audience: string;
}

export type PolicyPreview =
  | { ok: true; json: string; pretty: string; size: number; quota: number; basedOn: "actual" | "desired-only" }
  | { ok: false; code: string; message: string; size?: number; quota?: number };

export interface RequestPreview {
  fieldErrors: Record<string, string[]>;
  subPatterns: string[];
  /** What IAM cannot enforce about the selector (e.g. the environment). */
  subjectFindings: Finding[];
  policy: PolicyPreview | null;
  lint: Finding[];
  risk: RiskAssessment | null;
  snippet: string | null;
}

/** The id the draft gets inside the compiled policy (never stored). */
export const DRAFT_ID = "this-request";

const FIELD_NAMES: Record<string, keyof RequestDraft> = { path: "gitlabPath", ref: "refPattern", refType: "refType", scope: "scope", environment: "environment" };

function fieldErrorsOf(errors: readonly PolicyFieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[FIELD_NAMES[e.field] ?? e.field] ??= []).push(sentence(e.message));
  return out;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The draft's selector, read as a mapping row's (lib/mappings/model.ts owns that reading). */
function selectorOf(draft: RequestDraft): GitLabSelector {
  return selectorOfRow({ ...draft, environment: draft.environment ?? null });
}

/** The request's own statement, linted alone: the findings its risk tier is decided on. */
function ownFindings(draft: RequestDraft, role: RoleContext): Finding[] {
  const own = compileTrustPolicy({ mappings: [{ id: DRAFT_ID, selector: selectorOf(draft), audience: draft.audience, providerArn: role.account.providerArn }], quota: 8192 });
  if (!own.ok) return [];
  const lint = lintTrustPolicy(own.policy, { production: role.production, quota: 8192, issuer: role.account.issuerUrl });
  return lint.ok ? lint.findings : [];
}

export function previewRequest(draft: RequestDraft, role: RoleContext): RequestPreview {
  const result: RequestPreview = { fieldErrors: {}, subPatterns: [], subjectFindings: [], policy: null, lint: [], risk: null, snippet: null };
  if (!role.account.audiences.includes(draft.audience)) {
    result.fieldErrors.audience = [`Pick one of the audiences the account's OIDC provider accepts: ${role.account.audiences.join(", ")}`];
  }
  const subjects = compileSubjects(selectorOf(draft));
  if (!subjects.ok) {
    Object.assign(result.fieldErrors, fieldErrorsOf(subjects.errors));
    return result;
  }
  result.subPatterns = subjects.patterns;
  result.subjectFindings = subjects.findings;
  if (result.fieldErrors.audience) return result;
  const mapping: PolicyMapping = { id: DRAFT_ID, selector: selectorOf(draft), audience: draft.audience, providerArn: role.account.providerArn };
  const compiled = compileTrustPolicy({ mappings: [...role.approved, mapping], existing: role.actualTrustPolicy ?? null, quota: role.quota });
  const basedOn = role.actualTrustPolicy == null ? "desired-only" : "actual";
  if (compiled.ok) {
    result.policy = { ok: true, json: compiled.json, pretty: JSON.stringify(compiled.policy, null, 2), size: compiled.size, quota: compiled.quota, basedOn };
    const lint = lintTrustPolicy(compiled.policy, { production: role.production, quota: role.quota, issuer: role.account.issuerUrl });
    result.lint = lint.ok ? lint.findings : [];
  } else {
    const { code, message, size, quota } = compiled.error;
    result.policy = { ok: false, code, message, ...(size === undefined ? {} : { size }), ...(quota === undefined ? {} : { quota }) };
    if (code === "POLICY_TOO_LARGE") result.fieldErrors.roleId = [`The role's trust policy would exceed its quota: ${message}`];
  }
  result.risk = assessRisk({ selector: selectorOf(draft), production: role.production, findings: ownFindings(draft, role) });
  result.snippet = ciJobSnippet({
    role: { arn: role.arn },
    audiences: [draft.audience],
    region: role.account.region,
    environment: draft.environment ?? null,
    rules: { refType: draft.refType, ref: draft.refPattern },
  });
  return result;
}
