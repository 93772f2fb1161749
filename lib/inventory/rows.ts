/** What the Inventory page shows of a scan: its rows, the counts per access method, the page size. Pure. */
import type { TAccessMethod } from "@/lib/schemas/inventory";
import type { VariableEvidence } from "./classify";

export interface InventoryRow {
  id: string;
  projectPath: string;
  defaultBranch: string | null;
  webUrl: string;
  method: TAccessMethod;
  evidence: VariableEvidence[];
  accessKeyId: string | null;
  keyStatus: string | null;
  keyCreatedAt: Date | null;
  keyLastUsedAt: Date | null;
  keyLastUsedService: string | null;
  keyLookupNote: string | null;
  migratedAt: Date | null;
}

/** Rows shown at most; the page says when filters would show fewer. */
export const INVENTORY_PAGE_LIMIT = 1000;

export function countByMethod(methods: readonly TAccessMethod[]): Record<TAccessMethod, number> {
  const counts: Record<TAccessMethod, number> = { static_keys: 0, oidc_trustmap: 0, oidc_foreign: 0, none: 0 };
  for (const m of methods) counts[m] += 1;
  return counts;
}

/** Every group path above these project paths (`a/b/c` → `a`, `a/b`): where a group mapping could cover them. */
export function groupsAbove(projectPaths: readonly string[]): string[] {
  const ancestors = new Set<string>();
  for (const p of projectPaths) {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) ancestors.add(parts.slice(0, i).join("/"));
  }
  return [...ancestors];
}
