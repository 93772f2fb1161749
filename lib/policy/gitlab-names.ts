/**
 * GitLab naming rules for the values that end up in an ID token's `sub`.
 *
 * - Namespace / project path segments: letters, digits, `_`, `-`, `.`; must not start with `-` or
 *   `.`, must not end with `.git` or `.atom`.
 *   https://docs.gitlab.com/user/reserved_names/ and https://docs.gitlab.com/user/group/#naming-rules
 * - Branch and tag names follow `git check-ref-format`: https://git-scm.com/docs/git-check-ref-format
 *   (no `..`, no control characters, space, `~ ^ : ? * [ \`, no component starting with `.` or
 *   ending with `.lock`, no leading/trailing/double `/`, not ending with `.`, no `@{`, not `@`).
 *   Because refs can never contain `:`, `*` or `?`, a `sub` is unambiguous and `*` / `?` in a
 *   selector's ref are always wildcards.
 */

import { memoizeByString } from "./memo";

/** Why a name is invalid, or null when GitLab could issue it. */
export type NameProblem = string | null;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Problem with one namespace/project path segment, or null. */
function pathSegmentProblem(segment: string): NameProblem {
  if (segment.length === 0) return "has an empty segment (leading, trailing or double '/')";
  if (segment.startsWith("-") || segment.startsWith(".")) return `segment '${segment}' starts with '${segment[0]}'`;
  if (!SEGMENT.test(segment)) {
    return `segment '${segment}' contains a character other than letters, digits, '_', '-' and '.'`;
  }
  if (/\.(git|atom)$/i.test(segment)) return `segment '${segment}' ends with '.git' or '.atom'`;
  return null;
}

/** Problem with a full `group/subgroup/project` path, or null. */
export const projectPathProblem: (path: string) => NameProblem = memoizeByString(uncachedProjectPathProblem);

function uncachedProjectPathProblem(path: string): NameProblem {
  if (path.length === 0) return "is empty";
  if (path.length > 255 * 20) return "is too long";
  for (const segment of path.split("/")) {
    const problem = pathSegmentProblem(segment);
    if (problem !== null) return problem;
  }
  return null;
}

// Control characters, space, DEL and the characters git forbids anywhere in a ref name.
const FORBIDDEN_REF_CHARS = /[\u0000-\u0020\u007f~^:?*[\\]/;

/** Problem with a concrete branch or tag name (short form, as it appears in `sub`), or null. */
export const refNameProblem: (ref: string) => NameProblem = memoizeByString(uncachedRefNameProblem);

function uncachedRefNameProblem(ref: string): NameProblem {
  if (ref.length === 0) return "is empty";
  if (ref.length > 1024) return "is longer than 1024 characters";
  const forbidden = FORBIDDEN_REF_CHARS.exec(ref);
  if (forbidden !== null) {
    const ch = forbidden[0];
    const shown = ch === " " ? "a space" : ch.charCodeAt(0) < 0x20 || ch === "\u007f" ? "a control character" : `'${ch}'`;
    return `contains ${shown}, which git does not allow in branch or tag names`;
  }
  if (ref === "@") return "is '@', which git does not allow";
  if (ref.includes("..")) return "contains '..'";
  if (ref.includes("@{")) return "contains '@{'";
  if (ref.startsWith("/") || ref.endsWith("/") || ref.includes("//")) return "starts or ends with '/' or contains '//'";
  if (ref.endsWith(".")) return "ends with '.'";
  if (ref.startsWith("-")) return "starts with '-'";
  for (const component of ref.split("/")) {
    if (component.startsWith(".")) return `has a component '${component}' starting with '.'`;
    if (component.endsWith(".lock")) return `has a component '${component}' ending with '.lock'`;
  }
  if (ref === "HEAD") return "is 'HEAD', which GitLab does not allow as a branch name";
  return null;
}

/**
 * Problem with a ref glob (`*` any run, `?` one character), or null. Checked on a representative:
 * every wildcard replaced by `x`. When the representative is a valid ref, the glob matches at least
 * one valid ref; when it is not, every ref the glob matches has the same defect (wildcards can
 * neither add nor remove a leading `.`/`-`, a `..`, a `.lock` ending or a forbidden character).
 */
export function refGlobProblem(glob: string): NameProblem {
  if (glob.length === 0) return "is empty";
  return refNameProblem(glob.replace(/[*?]/g, "x"));
}
