/**
 * GitLab subjects: which CI jobs a mapping admits, and the `sub` patterns that express it.
 *
 * GitLab builds `sub` from the project's `ci_id_token_sub_claim_components` (default
 * `["project_path", "ref_type", "ref"]`): each component becomes `{name}:{value}`, joined with `:`,
 * e.g. `project_path:group/project:ref_type:branch:ref:main`. GitLab accepts only `project_path`
 * (required, first), `ref_type` and `ref` (app/models/project_ci_cd_setting.rb,
 * ALLOWED_SUB_CLAIM_COMPONENTS; lib/gitlab/ci/jwt_v2.rb). `ref_type` is `branch` or `tag`; there is
 * no merge-request or environment variant, so an environment can never be enforced by IAM.
 * https://docs.gitlab.com/ci/secrets/id_token_authentication/#token-payload
 * https://docs.gitlab.com/api/projects/#edit-a-project (ci_id_token_sub_claim_components)
 */
import { escapeGlobDollar } from "./glob";
import { projectPathProblem, refGlobProblem } from "./gitlab-names";
import type { FieldError, Finding } from "./types";

/** A component GitLab accepts in `ci_id_token_sub_claim_components`. */
export type SubClaimComponent = "project_path" | "ref_type" | "ref";
/** Every accepted component (GitLab's ALLOWED_SUB_CLAIM_COMPONENTS). */
export const SUB_CLAIM_COMPONENTS: readonly SubClaimComponent[] = ["project_path", "ref_type", "ref"];
/** GitLab's default components. */
export const DEFAULT_SUB_CLAIM_COMPONENTS: readonly SubClaimComponent[] = ["project_path", "ref_type", "ref"];

/** `branch` or `tag` as GitLab issues them, or `any` for both. */
export type RefType = "branch" | "tag" | "any";

/** Which GitLab CI jobs may assume a role. */
export interface GitLabSelector {
  /** `group` covers every project below the group, at any depth; `project` one project. */
  scope: "group" | "project";
  /** Full path, nested groups allowed: `platform/infra/deployer`. Never a wildcard. */
  path: string;
  refType: RefType;
  /** Exact branch/tag name (`main`) or a glob (`release/*`, `v?.*`). */
  ref: string;
  /** GitLab environment; reported as not enforceable by IAM (see module doc). */
  environment?: string;
  /** The project's `ci_id_token_sub_claim_components`; defaults to GitLab's default. */
  subClaimComponents?: SubClaimComponent[];
}

/** A valid selector, or field errors saying why GitLab could never issue it. */
export type SelectorValidation = { ok: true; selector: GitLabSelector } | { ok: false; errors: FieldError[] };

/** The sub patterns of a selector plus what IAM cannot enforce, or field errors. */
export type CompiledSubjects = { ok: true; patterns: string[]; findings: Finding[] } | { ok: false; errors: FieldError[] };

function err(field: string, code: string, message: string): FieldError {
  return { field, code, message };
}

function refProblems(ref: unknown): FieldError[] {
  if (typeof ref !== "string" || ref.length === 0) return [err("ref", "required", "ref is required (a branch or tag name, or a glob such as release/*)")];
  if (ref.includes(":")) {
    return [err("ref", "ref_colon", `ref '${ref}' contains ':'; git refs cannot contain ':', so GitLab can never issue it (':' separates sub components)`)];
  }
  if (/^refs\/merge-requests\//.test(ref) || /^refs\/pipelines\//.test(ref)) {
    return [err("ref", "merge_request_ref", `ref '${ref}' is a merge-request/pipeline ref; GitLab's sub carries the source branch name (ref_type branch) instead`)];
  }
  if (/^refs\/(heads|tags)\//.test(ref)) {
    return [err("ref", "full_ref", `ref '${ref}' is a full ref; GitLab's sub carries the short name ('${ref.replace(/^refs\/(heads|tags)\//, "")}')`)];
  }
  const problem = refGlobProblem(ref);
  return problem === null ? [] : [err("ref", "invalid_ref", `ref '${ref}' ${problem}`)];
}

function componentProblems(components: unknown): FieldError[] {
  if (components === undefined) return [];
  if (!Array.isArray(components) || components.length === 0) {
    return [err("subClaimComponents", "invalid_components", "subClaimComponents must be a non-empty list starting with project_path")];
  }
  const errors: FieldError[] = [];
  if (components[0] !== "project_path") {
    errors.push(err("subClaimComponents", "invalid_components", "project_path must be the first element of the sub claim (GitLab rejects other orders)"));
  }
  for (const component of components) {
    if (!SUB_CLAIM_COMPONENTS.includes(component as SubClaimComponent)) {
      errors.push(err("subClaimComponents", "invalid_components", `${String(component)} is not an allowed sub claim component (GitLab allows ${SUB_CLAIM_COMPONENTS.join(", ")})`));
    }
  }
  return errors;
}

/**
 * Check a selector against GitLab's naming rules and what GitLab can issue; never throws.
 * Rejects e.g. ref_type `mr` (GitLab issues only branch|tag), merge-request refs and `:` in refs.
 */
export function validateSelector(input: unknown): SelectorValidation {
  if (typeof input !== "object" || input === null) return { ok: false, errors: [err("", "invalid_type", "selector must be an object")] };
  const s = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (s.scope !== "group" && s.scope !== "project") errors.push(err("scope", "invalid_scope", "scope must be 'group' or 'project'"));
  if (typeof s.path !== "string" || s.path.length === 0) {
    errors.push(err("path", "required", "path is required (e.g. group/subgroup/project)"));
  } else if (/[*?]/.test(s.path)) {
    errors.push(err("path", "path_wildcard", "path cannot contain wildcards; use scope 'group' to cover every project of a group"));
  } else {
    const problem = projectPathProblem(s.path);
    if (problem !== null) errors.push(err("path", "invalid_path", `path '${s.path}' ${problem}`));
  }
  if (s.refType !== "branch" && s.refType !== "tag" && s.refType !== "any") {
    const why = s.refType === "mr" || s.refType === "merge_request"
      ? "GitLab only issues ref_type branch or tag; merge-request pipelines carry ref_type branch with the source branch"
      : "refType must be 'branch', 'tag' or 'any' (GitLab only issues branch or tag)";
    errors.push(err("refType", "invalid_ref_type", why));
  }
  errors.push(...refProblems(s.ref));
  if (s.environment !== undefined) {
    if (typeof s.environment !== "string" || s.environment.length === 0 || s.environment.length > 255 || !/^[A-Za-z0-9 _./${}-]+$/.test(s.environment)) {
      errors.push(err("environment", "invalid_environment", "environment must be 1-255 letters, digits, spaces or - _ / $ { } ."));
    }
  }
  errors.push(...componentProblems(s.subClaimComponents));
  if (errors.length > 0) return { ok: false, errors };
  const selector: GitLabSelector = {
    scope: s.scope as GitLabSelector["scope"],
    path: s.path as string,
    refType: s.refType as RefType,
    ref: s.ref as string,
  };
  if (s.environment !== undefined) selector.environment = s.environment as string;
  if (s.subClaimComponents !== undefined) selector.subClaimComponents = [...(s.subClaimComponents as SubClaimComponent[])];
  return { ok: true, selector };
}

/** The concrete `sub` GitLab issues for a job (components with their values, joined by `:`). */
export function buildSubject(
  job: { projectPath: string; refType: "branch" | "tag"; ref: string },
  components: readonly SubClaimComponent[] = DEFAULT_SUB_CLAIM_COMPONENTS,
): string {
  const values: Record<SubClaimComponent, string> = { project_path: job.projectPath, ref_type: job.refType, ref: job.ref };
  return components.map((component) => `${component}:${values[component]}`).join(":");
}

function notEnforced(code: string, message: string, fix: string): Finding {
  return { code, severity: "high", message, fix };
}

/**
 * Compile a selector to the StringLike `sub` patterns that admit exactly its jobs.
 * A group selector `team` yields `project_path:team/*:...`, which covers subgroups and cannot
 * match a sibling such as `team-evil/x`. refType `any` yields one branch and one tag pattern.
 * Parts that the project's sub components cannot express come back as findings, never silently.
 */
export function compileSubjects(input: GitLabSelector): CompiledSubjects {
  const checked = validateSelector(input);
  if (!checked.ok) return checked;
  const selector = checked.selector;
  const components = selector.subClaimComponents ?? DEFAULT_SUB_CLAIM_COMPONENTS;
  const findings: Finding[] = [];
  const pathValue = selector.scope === "group" ? `${selector.path}/*` : selector.path;
  const refTypes: ("branch" | "tag")[] = selector.refType === "any" ? ["branch", "tag"] : [selector.refType];
  const patterns = new Set<string>();
  for (const refType of refTypes) {
    const values: Record<SubClaimComponent, string> = { project_path: pathValue, ref_type: refType, ref: escapeGlobDollar(selector.ref) };
    patterns.add(components.map((component) => `${component}:${values[component]}`).join(":"));
  }
  if (!components.includes("ref") && selector.ref !== "*") {
    findings.push(notEnforced("ref-not-enforced", `The sub claim components [${components.join(", ")}] do not include ref, so IAM cannot restrict the ref to '${selector.ref}'`, "Add ref to the project's ci_id_token_sub_claim_components or protect the ref on the GitLab side"));
  }
  if (!components.includes("ref_type") && selector.refType !== "any") {
    findings.push(notEnforced("ref-type-not-enforced", `The sub claim components [${components.join(", ")}] do not include ref_type, so IAM cannot tell a ${selector.refType} from a ${selector.refType === "branch" ? "tag" : "branch"} named '${selector.ref}'`, "Add ref_type to the project's ci_id_token_sub_claim_components"));
  }
  if (selector.environment !== undefined) {
    findings.push(notEnforced("environment-not-enforced", `IAM cannot enforce environment '${selector.environment}': AWS exposes only aud, sub and amr of a GitLab token, and GitLab cannot put the environment in sub`, "Use a protected environment with required approvals in GitLab, or a separate role per environment restricted by ref"));
  }
  return { ok: true, patterns: [...patterns].sort(), findings };
}
