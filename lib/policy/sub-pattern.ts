/**
 * The grammar of a `sub` pattern: parsing GitLab's default shape, describing it in words, and the
 * linter's structural checks (subject.ts builds subs and compiles selectors to patterns). A GitLab
 * `sub` is a `:`-separated list of alternating component names and values, starting with
 * `project_path`; since neither paths nor refs can contain `:`, every literal `:` in a pattern
 * separates two tokens.
 */
import { projectPathProblem, refNameProblem } from "./gitlab-names";
import { SUB_CLAIM_COMPONENTS, type SubClaimComponent } from "./subject";

/** The pattern with `${$}` `${*}` `${?}` escapes turned into their characters and wildcards as `*` / `?`. */
export interface SubPatternShape {
  /** Text of the project_path value (may contain wildcards), when the pattern starts with it. */
  projectPath: string | null;
  refType: string | null;
  ref: string | null;
}

const WILDCARD = /[*?]/;

function nameOf(token: string): SubClaimComponent | null {
  return SUB_CLAIM_COMPONENTS.includes(token as SubClaimComponent) ? (token as SubClaimComponent) : null;
}

/**
 * A `sub` (or a StringLike pattern of one) in GitLab's default shape
 * `project_path:{path}:ref_type:{refType}:ref:{ref}`, split into its three values; null for any
 * other shape (custom sub components, `*`, text that is not a sub). The one parser of that shape:
 * the linter, the access views and adoption all read it here.
 *
 * Every literal `:` separates two tokens (paths and ref types never contain one), so the path and
 * the ref type are single, non-empty tokens; the ref is the rest (non-empty; a ref with a `:` is
 * kept as written — GitLab can never issue it, and the callers' validators say so). Linear: one
 * split, no backtracking, no regular expression built from the pattern.
 */
export function parseSubPattern(pattern: string): SubPatternParts | null {
  const tokens = pattern.split(":");
  if (tokens.length < 6 || tokens[0] !== "project_path" || tokens[2] !== "ref_type" || tokens[4] !== "ref") return null;
  const projectPath = tokens[1] as string;
  const refType = tokens[3] as string;
  const ref = tokens.slice(5).join(":");
  if (projectPath === "" || refType === "" || ref === "") return null;
  return { projectPath, refType, ref };
}

/** The values of a default-shaped `sub` pattern. */
export interface SubPatternParts {
  projectPath: string;
  /** `branch`, `tag`, or a pattern over them (`*`). */
  refType: string;
  ref: string;
}

/** What a `sub` pattern covers, in words (for the effective-access views). */
export interface SubCoverage {
  /** e.g. "every project under acme/", "project acme/web", or the raw pattern when it has another shape. */
  projects: string;
  /** e.g. "branch main", "tags matching v*", "any branch". */
  refs: string;
}

/** What a `sub` pattern covers, in words; a pattern of another shape is shown verbatim. */
export function describeSubPattern(pattern: string): SubCoverage {
  const parts = parseSubPattern(pattern);
  if (parts === null) return { projects: pattern === "*" ? "every project (no restriction)" : pattern, refs: pattern === "*" ? "any ref" : "(see pattern)" };
  const { projectPath: path, refType, ref } = parts;
  const projects = path === "*" ? "every project" : path.endsWith("/*") && !WILDCARD.test(path.slice(0, -2)) ? `every project under ${path.slice(0, -1)}` : WILDCARD.test(path) ? `projects matching ${path}` : `project ${path}`;
  const plural = refType === "branch" ? "branches" : refType === "tag" ? "tags" : "branches or tags";
  const singular = refType === "branch" ? "branch" : refType === "tag" ? "tag" : "branch or tag";
  const refs = ref === "*" ? `any ${singular}` : WILDCARD.test(ref) ? `${plural} matching ${ref}` : `${singular} ${ref}`;
  return { projects, refs };
}

/**
 * Components read from a `name:value:name:value` pattern in any component order (best effort when
 * `*` spans colons): the linter's lenient reading, which also covers custom sub components.
 */
export function subPatternShape(pattern: string): SubPatternShape {
  const tokens = pattern.split(":");
  const shape: SubPatternShape = { projectPath: null, refType: null, ref: null };
  if (tokens[0] !== "project_path") return shape;
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const name = nameOf(tokens[i] as string);
    const value = tokens[i + 1] as string;
    if (name === "project_path" && shape.projectPath === null) shape.projectPath = value;
    else if (name === "ref_type" && shape.refType === null) shape.refType = value;
    else if (name === "ref" && shape.ref === null) shape.ref = value;
    else if (name === null) break;
  }
  return shape;
}

function valueFits(name: SubClaimComponent, value: string): boolean {
  if (name === "project_path") return projectPathProblem(value) === null;
  if (name === "ref_type") return value === "branch" || value === "tag";
  return refNameProblem(value) === null;
}

function anyValueFits(value: string): boolean {
  return SUB_CLAIM_COMPONENTS.some((name) => valueFits(name, value));
}

/**
 * Why no GitLab `sub` can ever match the pattern, or null when one might. Only certain verdicts:
 * the literal start must agree with `project_path:`, every wildcard-free token must be a possible
 * name or value, and two adjacent wildcard-free tokens must be a possible (name, value) or
 * (value, name) pair — e.g. `ref_type:mr` is impossible because ref_type is only branch or tag.
 * Operates on the literal text (callers pass patterns with escapes resolved).
 */
export function impossibleSubReason(pattern: string): string | null {
  const firstWildcard = pattern.search(WILDCARD);
  const literalStart = firstWildcard === -1 ? pattern : pattern.slice(0, firstWildcard);
  const expected = "project_path:";
  if (!literalStart.startsWith(expected) && !expected.startsWith(literalStart)) {
    return `GitLab's sub always starts with 'project_path:' (this pattern starts with '${literalStart.slice(0, 20)}')`;
  }
  const tokens = pattern.split(":");
  const complete = tokens.map((token) => !WILDCARD.test(token));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!complete[i]) continue;
    if (nameOf(token) === null && !anyValueFits(token)) return `'${token}' can be neither a sub component name nor a path, ref_type or ref GitLab could issue`;
    const next = tokens[i + 1];
    if (next === undefined || !complete[i + 1]) continue;
    const name = nameOf(token);
    const nextName = nameOf(next);
    const asNameValue = name !== null && valueFits(name, next);
    const asValueName = nextName !== null && anyValueFits(token);
    if (!asNameValue && !asValueName) {
      return name === "ref_type" ? `ref_type is only ever 'branch' or 'tag' (got '${next}')` : `'${token}:${next}' cannot appear in a GitLab sub`;
    }
  }
  return null;
}
