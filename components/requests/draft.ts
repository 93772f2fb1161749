/** The request form's draft as plain data and the pure rules over it (tested without a browser). */

export interface RoleChoice {
  id: string;
  name: string;
  arn: string;
  production: boolean;
  accountId: string;
  accountName: string;
  audiences: string[];
}

export interface Draft {
  roleId: string;
  scope: "group" | "project";
  gitlabPath: string;
  refType: "branch" | "tag" | "any";
  refPattern: string;
  environment: string;
  audience: string;
  justification: string;
  expiresAt: string;
}

/** Fields a link may pre-fill (e.g. "Move to OIDC" from the inventory); the user still reviews and files. */
export type RequestPrefill = Partial<Pick<Draft, "scope" | "gitlabPath" | "refType" | "refPattern">>;

/**
 * A new draft. No role is chosen: the requester picks one on purpose instead of filing against
 * whichever role happens to sort first (the production role, in the demo data).
 */
export function newDraft(prefill: RequestPrefill = {}): Draft {
  return {
    roleId: "",
    scope: prefill.scope ?? "project",
    gitlabPath: prefill.gitlabPath ?? "",
    refType: prefill.refType ?? "branch",
    refPattern: prefill.refPattern ?? "main",
    environment: "",
    audience: "",
    justification: "",
    expiresAt: "",
  };
}

/** The draft with one field changed; choosing a role keeps the audience only if that role accepts it. */
export function withField<K extends keyof Draft>(draft: Draft, key: K, value: Draft[K], roles: readonly RoleChoice[]): Draft {
  const next = { ...draft, [key]: value };
  if (key === "roleId") {
    const role = roles.find((r) => r.id === value);
    if (!role) next.audience = "";
    else if (!role.audiences.includes(next.audience)) next.audience = role.audiences[0] ?? "";
  }
  return next;
}

/** The draft as the preview route takes it, once it is complete enough to compile. */
export function previewable(d: Draft) {
  if (!d.roleId || !d.gitlabPath.trim() || !d.refPattern.trim() || !d.audience) return null;
  return { roleId: d.roleId, scope: d.scope, gitlabPath: d.gitlabPath, refType: d.refType, refPattern: d.refPattern, environment: d.environment || null, audience: d.audience };
}

export type PreviewBody = NonNullable<ReturnType<typeof previewable>>;

/** The text a role is found by: its name, ARN, account name and account id. */
function haystack(r: RoleChoice): string {
  return `${r.name} ${r.arn} ${r.accountName} ${r.accountId}`.toLowerCase();
}

/**
 * The roles a search narrows the list to. Every whitespace-separated word must occur (plain
 * substring matching, case-insensitive; no pattern syntax). An empty search matches every role.
 */
export function matchRoles(roles: readonly RoleChoice[], search: string): RoleChoice[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...roles];
  return roles.filter((r) => {
    const text = haystack(r);
    return words.every((w) => text.includes(w));
  });
}

/**
 * What the role select offers for a search: the matching roles, plus the chosen role if the
 * search left it out (a select never silently changes value); and the role to choose when the
 * search narrows to exactly one.
 */
export function roleOptions(roles: readonly RoleChoice[], search: string, chosenId: string): { options: RoleChoice[]; matches: number; single: RoleChoice | null } {
  const found = matchRoles(roles, search);
  const chosen = roles.find((r) => r.id === chosenId);
  const options = chosen && !found.includes(chosen) ? [chosen, ...found] : found;
  return { options, matches: found.length, single: search.trim() && found.length === 1 ? found[0]! : null };
}

export function roleLabel(r: RoleChoice): string {
  return `${r.accountName} (${r.accountId}) / ${r.name}${r.production ? " [production]" : ""}`;
}
