/**
 * Does a project's `ci_id_token_sub_claim_components` let the mapping's `sub` patterns match its
 * jobs at all? The mapping is compiled with the components the selector says (GitLab's default
 * unless given); GitLab builds each job's `sub` from the project's own. When they differ the
 * patterns may never match (a broken grant that looks approved) or match only some jobs. Pure;
 * the `sub` grammar stays lib/policy's (compileSubjects, buildSubject).
 */
import { buildSubject, compileSubjects, DEFAULT_SUB_CLAIM_COMPONENTS, SUB_CLAIM_COMPONENTS, type GitLabSelector, type SubClaimComponent } from "@/lib/policy";
import type { TGitLabFinding } from "@/lib/schemas/gitlab-facts";
import { globsIntersect, iamPatternTokens, refGlobTokens } from "./ref-glob";

const isComponent = (c: string): c is SubClaimComponent => (SUB_CLAIM_COMPONENTS as readonly string[]).includes(c);

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Findings for one project of the selector whose components GitLab reported (`null`: not
 * reported, nothing to compare). The project's jobs for the selector's refs have a `sub` that is
 * itself a glob (the ref part may hold wildcards); the mapping matches some of them exactly when
 * that glob and one compiled pattern intersect.
 */
export function subClaimFindings(selector: GitLabSelector, projectPath: string, components: readonly string[] | null): TGitLabFinding[] {
  if (components === null) return [];
  const compiledWith = selector.subClaimComponents ?? DEFAULT_SUB_CLAIM_COMPONENTS;
  if (same(components, compiledWith)) return [];
  const where = { project: projectPath, ref: selector.ref };
  const unknown = components.filter((c) => !isComponent(c));
  if (unknown.length > 0) {
    return [
      {
        code: "sub-components-unknown",
        severity: "medium",
        message: `${projectPath} builds its sub from [${components.join(", ")}]; trustmap does not know ${unknown.join(", ")}, so it cannot tell whether the mapping's pattern matches its jobs`,
        fix: "Check the project's ci_id_token_sub_claim_components (Projects API) against the mapping's sub pattern",
        ...where,
      },
    ];
  }
  const compiled = compileSubjects({ ...selector, scope: "project", path: projectPath });
  if (!compiled.ok) return [];
  const refTypes: ("branch" | "tag")[] = selector.refType === "any" ? ["branch", "tag"] : [selector.refType];
  const patterns = compiled.patterns.map(iamPatternTokens);
  // The project's sub for these refs, with the ref glob left in: `project_path:p:ref_type:branch:ref:release/*`.
  const matchesSome = refTypes.some((refType) => {
    const marker = "\u0000";
    const subject = buildSubject({ projectPath, refType, ref: marker }, components as SubClaimComponent[]);
    const [before, after = ""] = subject.split(marker);
    const tokens = [...refGlobTokens(before ?? ""), ...(subject.includes(marker) ? refGlobTokens(selector.ref) : []), ...refGlobTokens(after)];
    return patterns.some((p) => globsIntersect(p, tokens));
  });
  const differ = `${projectPath} builds its sub from [${components.join(", ")}], not [${compiledWith.join(", ")}] as the mapping compiles to`;
  if (!matchesSome) {
    return [
      {
        code: "sub-components-never-match",
        severity: "medium",
        message: `the project's sub claim components differ from what the mapping compiles to: this pattern will never match (${differ})`,
        fix: "Compile the mapping with the project's sub claim components, or change the project's ci_id_token_sub_claim_components",
        ...where,
      },
    ];
  }
  return [
    {
      code: "sub-components-differ",
      severity: "low",
      message: `${differ}; the pattern matches only some of its jobs' tokens`,
      fix: "Compile the mapping with the project's sub claim components",
      ...where,
    },
  ];
}
