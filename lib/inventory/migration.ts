/**
 * Moving a project from static keys to OIDC: where it stands, and what is left to do. Pure, so
 * the page and the tests read the same rules.
 */
import type { TAccessMethod } from "@/lib/schemas/inventory";
import type { VariableEvidence } from "./classify";

export interface MappingForMigration {
  id: string;
  scope: "group" | "project";
  gitlabPath: string;
  status: string;
}

export interface RowForMigration {
  projectPath: string;
  defaultBranch: string | null;
  method: TAccessMethod;
  evidence: VariableEvidence[];
  accessKeyId: string | null;
  migratedAt: Date | null;
}

export type MigrationState =
  | { kind: "not_applicable" }
  | { kind: "migrated"; at: Date }
  | { kind: "on_keys"; moveHref: string }
  | { kind: "mapping_requested"; mappingId: string }
  | { kind: "ready_to_clean"; mappingId: string; variablesToDelete: VariableEvidence[]; accessKeyToDeactivate: string | null };

/** The request form (app/(app)/requests) reads these parameters to pre-fill a mapping request. */
export function moveToOidcHref(projectPath: string, defaultBranch: string | null): string {
  const q = new URLSearchParams({ scope: "project", path: projectPath, refType: "branch" });
  if (defaultBranch) q.set("ref", defaultBranch);
  return `/requests?${q.toString()}`;
}

/** A mapping on the project itself or on a group above it gives the project OIDC access. */
export function mappingCovers(mapping: MappingForMigration, projectPath: string): boolean {
  const path = projectPath.toLowerCase();
  const target = mapping.gitlabPath.toLowerCase();
  return mapping.scope === "project" ? path === target : path.startsWith(`${target}/`);
}

export function migrationState(row: RowForMigration, mappings: readonly MappingForMigration[]): MigrationState {
  if (row.method !== "static_keys") return row.migratedAt ? { kind: "migrated", at: row.migratedAt } : { kind: "not_applicable" };
  const covering = mappings.filter((m) => mappingCovers(m, row.projectPath));
  const approved = covering.find((m) => m.status === "approved");
  if (approved) {
    return {
      kind: "ready_to_clean",
      mappingId: approved.id,
      variablesToDelete: row.evidence.filter((e) => e.kind === "access_key_id" || e.kind === "secret_access_key"),
      accessKeyToDeactivate: row.accessKeyId,
    };
  }
  const requested = covering.find((m) => m.status === "requested");
  if (requested) return { kind: "mapping_requested", mappingId: requested.id };
  return { kind: "on_keys", moveHref: moveToOidcHref(row.projectPath, row.defaultBranch) };
}

/**
 * `migratedAt` for a project in a new scan: set the first time a project that was on static keys
 * is seen without key variables, kept while it stays off keys, cleared if keys come back.
 */
export function carryMigratedAt(previous: { method: TAccessMethod; migratedAt: Date | null } | undefined, method: TAccessMethod, now: Date): Date | null {
  if (method === "static_keys" || !previous) return null;
  if (previous.migratedAt) return previous.migratedAt;
  return previous.method === "static_keys" ? now : null;
}
