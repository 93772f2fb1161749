/** From the credential-like variables a project sees (its own and its groups') to one access method. */
import type { TAccessMethod } from "@/lib/schemas/inventory";
import type { VariableKind } from "./patterns";

/** One variable that matters, described by key and location only; `accessKeyId` is the one value ever kept. */
export interface VariableEvidence {
  key: string;
  kind: VariableKind;
  level: "project" | "group";
  /** Full path of the project or group that holds the variable. */
  owner: string;
  environmentScope: string;
  /** The variable carries trustmap's "managed by trustmap" description. */
  managedByTrustmap: boolean;
  accessKeyId?: string;
}

export interface Classification {
  method: TAccessMethod;
  accessKeyId: string | null;
}

export function classify(evidence: readonly VariableEvidence[]): Classification {
  const keyIds = evidence.map((e) => e.accessKeyId).filter((id): id is string => id !== undefined);
  // Project variables beat group variables in GitLab's precedence, so prefer a project's key id.
  const projectKeyId = evidence.find((e) => e.level === "project" && e.accessKeyId !== undefined)?.accessKeyId;
  const accessKeyId = projectKeyId ?? keyIds[0] ?? null;
  if (evidence.some((e) => e.kind === "access_key_id" || e.kind === "secret_access_key")) return { method: "static_keys", accessKeyId };
  const roles = evidence.filter((e) => e.kind === "role_arn");
  if (roles.some((e) => e.managedByTrustmap)) return { method: "oidc_trustmap", accessKeyId: null };
  if (roles.length > 0) return { method: "oidc_foreign", accessKeyId: null };
  return { method: "none", accessKeyId: null };
}

export const METHOD_LABEL: Record<TAccessMethod, string> = {
  static_keys: "Static keys",
  oidc_trustmap: "OIDC (managed by trustmap)",
  oidc_foreign: "OIDC (not managed by trustmap)",
  none: "None detected",
};
