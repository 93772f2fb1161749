/** Human words for a `sub` pattern, for the effective-access views. */

const DEFAULT_SHAPE = /^project_path:(.+?):ref_type:([^:]+):ref:(.*)$/;

export interface SubCoverage {
  /** e.g. "projects under acme/", "project acme/web", or the raw pattern when it has another shape. */
  projects: string;
  /** e.g. "branch main", "tags v*", "any ref". */
  refs: string;
}

/** What a `sub` pattern covers, in words; unknown shapes are shown verbatim. */
export function describeSubPattern(pattern: string): SubCoverage {
  const match = DEFAULT_SHAPE.exec(pattern);
  if (!match) return { projects: pattern === "*" ? "every project (no restriction)" : pattern, refs: pattern === "*" ? "any ref" : "(see pattern)" };
  const [, path = "", refType = "", ref = ""] = match;
  const projects = path === "*" ? "every project" : path.endsWith("/*") && !/[*?]/.test(path.slice(0, -2)) ? `every project under ${path.slice(0, -1)}` : /[*?]/.test(path) ? `projects matching ${path}` : `project ${path}`;
  const plural = refType === "branch" ? "branches" : refType === "tag" ? "tags" : "branches or tags";
  const singular = refType === "branch" ? "branch" : refType === "tag" ? "tag" : "branch or tag";
  const refs = ref === "*" ? `any ${singular}` : /[*?]/.test(ref) ? `${plural} matching ${ref}` : `${singular} ${ref}`;
  return { projects, refs };
}
