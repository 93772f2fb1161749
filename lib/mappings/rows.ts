/**
 * Mapping rows as pages and components show them: plain, serialisable view types built from the
 * columns a mapping query selects (lib/mappings/service.ts), and the mapping's facts every audit
 * event about it carries. Pure: components import these types without touching data code.
 */
import type { MappingStatus } from "@/lib/approvals/transitions";
import type { MappingGrantRow } from "./model";

/** The columns a mapping list selects (see MAPPING_ROW_SELECT in the service). */
export interface ListedMapping extends MappingGrantRow {
  status: MappingStatus;
  justification: string;
  requiredApprovals: number;
  riskTier: string;
  expiresAt: Date | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  role: { id: string; name: string; arn: string; production: boolean };
  requester: { id: string; username: string; name: string };
  approvals: { approver: { username: string }; createdAt: Date }[];
}

/** Plain, serialisable rows for components. */
export function toRow(m: ListedMapping) {
  return {
    id: m.id,
    scope: m.scope,
    gitlabPath: m.gitlabPath,
    refType: m.refType,
    refPattern: m.refPattern,
    environment: m.environment,
    audience: m.audience,
    status: m.status,
    justification: m.justification,
    requiredApprovals: m.requiredApprovals,
    riskTier: m.riskTier as "normal" | "high",
    expiresAt: m.expiresAt?.toISOString() ?? null,
    decisionReason: m.decisionReason,
    decidedAt: m.decidedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    role: m.role,
    requester: m.requester,
    approvers: m.approvals.map((a) => a.approver.username),
  };
}
export type MappingRow = ReturnType<typeof toRow>;

/** Where an imported mapping was read from (mappings.imported_from). */
export interface ImportSource {
  roleArn: string;
  statementIndex: number;
  sid: string | null;
  pattern: string;
  policySha256: string;
}

/** How the mapping came to be: through the request workflow, or imported by an admin from IAM. */
export type MappingProvenanceView = { kind: "requested" } | { kind: "imported"; by: string; at: string; from: ImportSource };

/** "statement Legacy (#1) of arn:…:role/x, sub pattern project_path:…" */
export function importSourceText(from: ImportSource): string {
  const statement = from.sid ? `statement ${from.sid} (#${from.statementIndex})` : `statement #${from.statementIndex}`;
  return `${statement} of ${from.roleArn}, sub pattern ${from.pattern}`;
}

/** One mapping with its approvals and its audit history (the mapping page). */
export interface MappingDetail {
  mapping: MappingRow & { decidedBy: string | null };
  provenance: MappingProvenanceView;
  approvals: { approver: string; at: string; comment: string | null }[];
  events: { id: string; at: string; actor: string; action: string; data: Record<string, unknown> }[];
}

/** What every `mapping.*` audit event records about the mapping (names are part of the audit contract). */
export function mappingAuditData(
  m: { gitlabPath: string; scope: string; refType: string; refPattern: string; environment: string | null; riskTier: string; requiredApprovals: number },
  role: { arn: string; name: string },
) {
  return { role: role.arn, roleName: role.name, gitlabPath: m.gitlabPath, scope: m.scope, refType: m.refType, ref: m.refPattern, environment: m.environment, riskTier: m.riskTier, requiredApprovals: m.requiredApprovals };
}
