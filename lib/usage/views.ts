/**
 * Usage evidence as pages show it: plain, serialisable views built from the summaries in
 * ./summary.ts. Pure: components import these types without touching data code.
 */
import { parseSubPattern } from "@/lib/policy";
import type { DeniedUsage, MappingUsage, SubjectUsage } from "./summary";

/** One `sub` that used a grant: the project and ref it names (null when the sub has another shape). */
export interface RefUse {
  sub: string;
  project: string | null;
  refType: string | null;
  ref: string | null;
  lastUsedAt: string;
  uses90d: number;
}

/** Where the evidence came from, for the label pages put on it. */
export interface EvidenceOrigin {
  /** Usage of this account was read from CloudTrail up to then; null = never read. */
  readUntil: string | null;
  /** The account is trustmap's built-in sandbox: its evidence is the demo seed's sample, not CloudTrail. */
  sandbox: boolean;
}

/** Per mapping (the Mappings list, the mapping's page, review items). */
export interface MappingUsageView extends EvidenceOrigin {
  mappingId: string;
  lastUsedAt: string | null;
  uses30d: number;
  uses90d: number;
  /** The refs that used it, most recent first. */
  refs: RefUse[];
  /** Active at least `unusedDays` days and not used within them: "revoke?". */
  unused: boolean;
  unusedDays: number;
}

/** Per role (the Access page): its mappings' use, the other grants', who came in unmanaged, who was denied. */
export interface RoleUsagePanelView extends EvidenceOrigin {
  roleId: string;
  roleName: string;
  unusedDays: number;
  mappings: (MappingUsageView & { selector: { scope: string; gitlabPath: string; refType: string; refPattern: string; environment: string | null } })[];
  /** Grants of the trust policy no active mapping accounts for. */
  otherGrants: { pattern: string; lastUsedAt: string | null; uses30d: number; uses90d: number }[];
  /** Subjects that assumed the role through a grant trustmap does not manage. */
  unmanagedSubjects: RefUse[];
  /** Denied attempts in 90 days, grouped by subject (null: AWS could not read the token). */
  denied: { sub: string | null; project: string | null; ref: string | null; count: number; lastAt: string; errorCode: string }[];
}

/** The project and ref a concrete `sub` names (lib/policy owns the grammar). */
export function refUse(s: SubjectUsage): RefUse {
  const parts = parseSubPattern(s.sub);
  return { sub: s.sub, project: parts?.projectPath ?? null, refType: parts?.refType ?? null, ref: parts?.ref ?? null, lastUsedAt: s.lastUsedAt.toISOString(), uses90d: s.uses90d };
}

export function mappingUsageView(u: MappingUsage, context: EvidenceOrigin & { unusedDays: number }): MappingUsageView {
  return {
    mappingId: u.mappingId,
    lastUsedAt: u.lastUsedAt?.toISOString() ?? null,
    uses30d: u.uses30d,
    uses90d: u.uses90d,
    refs: u.subjects.map(refUse),
    unused: u.unused,
    unusedDays: context.unusedDays,
    readUntil: context.readUntil,
    sandbox: context.sandbox,
  };
}

export function deniedView(d: DeniedUsage): RoleUsagePanelView["denied"][number] {
  const parts = d.sub === null ? null : parseSubPattern(d.sub);
  return { sub: d.sub, project: parts?.projectPath ?? null, ref: parts?.ref ?? null, count: d.count, lastAt: d.lastAt.toISOString(), errorCode: d.errorCode };
}
