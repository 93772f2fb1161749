/** The audit log as the Audit page and the CSV export show it. */

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  data: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

export function toAuditRow(e: { id: bigint; at: Date; actorLabel: string; action: string; resourceType: string | null; resourceId: string | null; data: unknown; hash: string; prevHash: string }): AuditRow {
  return {
    id: e.id.toString(),
    at: e.at.toISOString(),
    actor: e.actorLabel,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    data: (e.data ?? {}) as Record<string, unknown>,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}
