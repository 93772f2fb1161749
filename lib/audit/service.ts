import "server-only";
import { hashAuditEvent, GENESIS_HASH, verifyChain, type ChainVerdict } from "./chain";
import type { DbOrTx, Tx, Db } from "@/lib/db/prisma";

/** Every kind of audit event trustmap writes. */
export type AuditAction =
  | "auth.sign_in"
  | "auth.denied"
  | "user.created"
  | "user.role_changed"
  | "api_token.created"
  | "api_token.revoked"
  | "mapping.requested"
  | "mapping.withdrawn"
  | "mapping.approved"
  | "mapping.rejected"
  | "mapping.revoked"
  | "mapping.expired"
  | "reconcile.applied"
  | "reconcile.drift_found"
  | "inventory.scanned"
  | "settings.changed"
  | "demo.seeded"
  | "sandbox.changed";

export interface AuditInput {
  actorId: string | null;
  actorLabel: string;
  action: AuditAction;
  resourceType?: string;
  resourceId?: string;
  data?: Record<string, unknown>;
}

// Serialises writers so each event links to the one before it (any constant works, it only
// has to be the same everywhere).
const AUDIT_CHAIN_LOCK = 7_314_159;

/**
 * Append one event inside the caller's transaction, so the event and the change it records
 * commit or roll back together. Never call it fire-and-forget.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date(); // millisecond precision, exactly what timestamptz(3) stores
  const content = {
    at,
    actorId: input.actorId,
    actorLabel: input.actorLabel,
    action: input.action,
    resourceType: input.resourceType ?? null,
    resourceId: input.resourceId ?? null,
    data: JSON.parse(JSON.stringify(input.data ?? {})) as unknown,
  };
  await tx.auditEvent.create({
    data: { ...content, data: content.data as object, prevHash, hash: hashAuditEvent(prevHash, content) },
  });
}

/** Append an event in its own transaction (for events that record no other change, e.g. a denial). */
export async function recordAuditEvent(db: Db, input: AuditInput): Promise<void> {
  await db.$transaction((tx) => appendAuditEvent(tx, input));
}

/** Re-hash the whole chain in id order, in pages, and report the first broken link. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2000): Promise<ChainVerdict> {
  let prev: string | undefined;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const page = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    if (page.length === 0) return { ok: true, checked };
    const verdict = verifyChain(page, prev, checked);
    if (!verdict.ok) return verdict;
    checked = verdict.checked;
    const lastEvent = page[page.length - 1]!;
    prev = lastEvent.hash;
    cursor = lastEvent.id;
  }
}
