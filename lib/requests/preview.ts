/**
 * What a request would change, computed from plain data (no I/O): the `sub` patterns it compiles
 * to, the role's trust policy after the change (its approved mappings + this one, keeping the
 * foreign statements of the policy last read from IAM) and the change itself as a diff of the
 * managed statements (lib/reconcile/trust-plan.ts managedDiff, the plan's own differ), the size
 * against the quota, the lint findings, GitLab's side of the grant (lib/gitlab-facts: who can
 * obtain a token, what is unprotected), the risk tier with its reasons and the CI job
 * (lib/mappings/ci-snippet.ts). The live preview, filing a request and the approver's review of
 * a filed one share it (lib/requests/service.ts), so what the requester saw is what the server
 * decides on and what the approver sees.
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
import type { SelectorCheck } from "@/lib/gitlab-facts/check";
import { ciJobSnippet } from "@/lib/mappings/ci-snippet";
import { selectorOf as selectorOfRow } from "@/lib/mappings/model";
import { linesAddedBy, managedDiff } from "@/lib/reconcile/trust-plan";
import type { ManagedStatementDiff } from "@/lib/reconcile/types";
import type { TGitLabCheck, TGitLabFinding } from "@/lib/schemas/gitlab-facts";
import { assessRisk, type RiskAssessment } from "./risk";

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
  | {
      ok: true;
      json: string;
      pretty: string;
      size: number;
      quota: number;
      basedOn: "actual" | "desired-only";
      /** Lines of `pretty` (0-based) this request adds or changes. */
      addedLines: number[];
    }
  | { ok: false; code: string; message: string; size?: number; quota?: number };

export interface RequestPreview {
  fieldErrors: Record<string, string[]>;
  subPatterns: string[];
  /**
   * What IAM cannot enforce about the selector (e.g. the environment), with what GitLab says about
   * it (an unprotected ref, force push, sub components that never match: GitLab-side findings).
   */
  subjectFindings: (Finding | TGitLabFinding)[];
  /** GitLab's side: who can obtain a token for the selector's refs (the preview contract's `gitlab`). */
  gitlab: TGitLabCheck;
  policy: PolicyPreview | null;
  /** The managed statements before → after this request (the role's other approved mappings stay). */
  diff: ManagedStatementDiff[];
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

/** The draft's selector when it is valid (something GitLab's side can be checked for), else null. */
export function checkableSelector(draft: RequestDraft): GitLabSelector | null {
  const selector = selectorOf(draft);
  return compileSubjects(selector).ok ? selector : null;
}

/** The request's own statement, linted alone: the findings its risk tier is decided on. */
function ownFindings(draft: RequestDraft, role: RoleContext): Finding[] {
  const own = compileTrustPolicy({ mappings: [{ id: DRAFT_ID, selector: selectorOf(draft), audience: draft.audience, providerArn: role.account.providerArn }], quota: 8192 });
  if (!own.ok) return [];
  const lint = lintTrustPolicy(own.policy, { production: role.production, quota: 8192, issuer: role.account.issuerUrl });
  return lint.ok ? lint.findings : [];
}

/**
 * GitLab's side when it was not looked at (the draft's selector is not valid yet): unknown, and
 * like every unknown a high finding, so a caller that forgot to check never gets "safe".
 */
export const GITLAB_NOT_CHECKED: SelectorCheck = {
  gitlab: { checked: false, reason: "unknown (not checked: the GitLab path or ref is not valid yet)", targets: [] },
  findings: [{ code: "gitlab-facts-unknown", severity: "high", message: "who can obtain a token is unknown (not checked); unknown protection counts as high risk", fix: "Fix the fields marked in the form" }],
};

/**
 * `gitlab`: GitLab's side of the draft's selector (lib/gitlab-facts checkSelector*). Its findings
 * join the subject findings, and its high ones the risk reasons: unknown protection counts as
 * high risk.
 */
export function previewRequest(draft: RequestDraft, role: RoleContext, gitlab: SelectorCheck): RequestPreview {
  const result: RequestPreview = { fieldErrors: {}, subPatterns: [], subjectFindings: [], gitlab: gitlab.gitlab, policy: null, diff: [], lint: [], risk: null, snippet: null };
  if (!role.account.audiences.includes(draft.audience)) {
    result.fieldErrors.audience = [`Pick one of the audiences the account's OIDC provider accepts: ${role.account.audiences.join(", ")}`];
  }
  const subjects = compileSubjects(selectorOf(draft));
  if (!subjects.ok) {
    Object.assign(result.fieldErrors, fieldErrorsOf(subjects.errors));
    return result;
  }
  result.subPatterns = subjects.patterns;
  const gitlabFindings = gitlab.findings;
  result.subjectFindings = [...subjects.findings, ...gitlabFindings];
  if (result.fieldErrors.audience) return result;
  const mapping: PolicyMapping = { id: DRAFT_ID, selector: selectorOf(draft), audience: draft.audience, providerArn: role.account.providerArn };
  const existing = role.actualTrustPolicy ?? null;
  const compiled = compileTrustPolicy({ mappings: [...role.approved, mapping], existing, quota: role.quota });
  const basedOn = role.actualTrustPolicy == null ? "desired-only" : "actual";
  if (compiled.ok) {
    // The same policy without this request: what it changes is the plan's diff of the two.
    const without = compileTrustPolicy({ mappings: role.approved, existing, quota: 8192 });
    result.diff = managedDiff(without.ok ? without.policy : null, compiled.policy);
    const pretty = JSON.stringify(compiled.policy, null, 2);
    result.policy = { ok: true, json: compiled.json, pretty, size: compiled.size, quota: compiled.quota, basedOn, addedLines: linesAddedBy(compiled.policy, result.diff) };
    const lint = lintTrustPolicy(compiled.policy, { production: role.production, quota: role.quota, issuer: role.account.issuerUrl });
    result.lint = lint.ok ? lint.findings : [];
  } else {
    const { code, message, size, quota } = compiled.error;
    result.policy = { ok: false, code, message, ...(size === undefined ? {} : { size }), ...(quota === undefined ? {} : { quota }) };
    if (code === "POLICY_TOO_LARGE") result.fieldErrors.roleId = [`The role's trust policy would exceed its quota: ${message}`];
  }
  result.risk = assessRisk({ selector: selectorOf(draft), production: role.production, findings: ownFindings(draft, role), gitlab: gitlabFindings });
  result.snippet = ciJobSnippet({
    role: { arn: role.arn },
    audiences: [draft.audience],
    region: role.account.region,
    environment: draft.environment ?? null,
    rules: { refType: draft.refType, ref: draft.refPattern },
  });
  return result;
}

/**
 * What an approver sees of a filed request (the approval card, the mapping's page): the same
 * preview, judged now, without the CI job and the policy text; with the tier it was filed at and
 * the reasons recorded then (the tier the two-person rule applies), so a change since is visible.
 */
export interface MappingReview {
  subPatterns: string[];
  subjectFindings: (Finding | TGitLabFinding)[];
  gitlab: TGitLabCheck;
  policy: { ok: true; size: number; quota: number; basedOn: "actual" | "desired-only" } | { ok: false; message: string; size?: number; quota?: number } | null;
  diff: ManagedStatementDiff[];
  lint: Finding[];
  /** The risk as judged now, with its reasons. */
  risk: RiskAssessment | null;
  /** As filed: the tier that decides how many approvals it needs, and the reasons recorded then (null: not recorded). */
  filed: { tier: "normal" | "high"; requiredApprovals: number; reasons: string[] | null };
}

export function reviewOf(preview: RequestPreview, filed: MappingReview["filed"]): MappingReview {
  const policy = preview.policy;
  return {
    subPatterns: preview.subPatterns,
    subjectFindings: preview.subjectFindings.map((f) => ({ ...f })),
    gitlab: preview.gitlab,
    policy:
      policy === null
        ? null
        : policy.ok
          ? { ok: true, size: policy.size, quota: policy.quota, basedOn: policy.basedOn }
          : { ok: false, message: policy.message, ...(policy.size === undefined ? {} : { size: policy.size }), ...(policy.quota === undefined ? {} : { quota: policy.quota }) },
    diff: preview.diff,
    lint: preview.lint.map((f) => ({ ...f })),
    risk: preview.risk,
    filed,
  };
}
