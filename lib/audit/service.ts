/**
 * The audit log: append events in the transaction of the change they record, verify the keyed
 * chain against the latest checkpoint, write checkpoints outside the database, and the queries the
 * Audit page and the CSV export read.
 */
import "server-only";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import type { DbOrTx, Tx, Db } from "@/lib/db/prisma";
import { CHAIN_START, checkLink, GENESIS_HASH, hmacAuditEvent, KEYED_ALG, type ChainPosition, type ChainVerdict, type HashAlg } from "./chain";
import { configuredCheckpointStore, type CheckpointStore } from "./checkpoints";
import { chainPages, linkAndPosition } from "./store";
import { compareWithCheckpoint, summarizeVerification, type AuditCheckpoint, type AuditVerification, type CheckpointFinding } from "./verification";

export { AUDIT_PAGE_SIZE, iterateAuditEvents, listAuditEvents, listAuditTypes } from "./store";
export type { AuditVerification } from "./verification";

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
  | "mapping.imported"
  | "reconcile.applied"
  | "reconcile.drift_found"
  | "inventory.scanned"
  | "settings.changed"
  | "demo.seeded"
  | "sandbox.changed"
  | "review.opened"
  | "review.item_decided"
  | "review.closed";

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

/** The chain's HMAC key (config AUDIT_KEY); without it nothing can be appended or verified. */
function auditKeyOrThrow(): string {
  const key = config().audit.key;
  if (!key) throw new AppError("CONFIG", "AUDIT_KEY is not set, so audit events can be neither written nor verified; generate one with `openssl rand -base64 32`.");
  return key;
}

/**
 * Append one event inside the caller's transaction, so the event and the change it records
 * commit or roll back together. Never call it fire-and-forget.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<void> {
  const key = auditKeyOrThrow();
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
    data: { ...content, data: content.data as object, prevHash, hash: hmacAuditEvent(key, prevHash, content), hashAlg: KEYED_ALG },
  });
}

/** Append an event in its own transaction (for events that record no other change, e.g. a denial). */
export async function recordAuditEvent(db: Db, input: AuditInput): Promise<void> {
  await db.$transaction((tx) => appendAuditEvent(tx, input));
}

/** Record a refused action (`auth.denied`) in its own transaction: denials are audited so probing shows up in the log. */
export async function recordDenial(user: { id: string; username: string }, denied: { action: string; reason: string; where: string }): Promise<void> {
  await recordAuditEvent(getDb(), { actorId: user.id, actorLabel: user.username, action: "auth.denied", data: { action: denied.action, reason: denied.reason, where: denied.where } });
}

interface Walk {
  verdict: ChainVerdict;
  pos: ChainPosition;
  /** The last event walked over (the chain's head when the walk is intact). */
  last: { id: bigint; hash: string; alg: HashAlg } | null;
  /** The watched event's link and 1-based position, when the walk passed it. */
  watched: { hash: string; position: number } | null;
}

/** Check links in id order, in pages, from `from` (default: the start), noting where `watchId` is met. */
async function walkChain(db: DbOrTx, key: string, opts: { pageSize: number; from?: { afterId: bigint; pos: ChainPosition }; watchId?: bigint }): Promise<Walk> {
  let pos = opts.from?.pos ?? CHAIN_START;
  let last: Walk["last"] = null;
  let watched: Walk["watched"] = null;
  for await (const page of chainPages(db, opts.pageSize, opts.from?.afterId)) {
    for (const e of page) {
      const step = checkLink(pos, e, key);
      if (!step.ok) return { verdict: step, pos, last, watched };
      pos = step.pos;
      last = { id: e.id, hash: e.hash, alg: e.hashAlg as HashAlg };
      if (e.id === opts.watchId) watched = { hash: e.hash, position: pos.checked };
    }
  }
  return { verdict: { ok: true, checked: pos.checked }, pos, last, watched };
}

/** Re-check every link in id order, in pages, and report the first broken one (the chain alone; see verifyAuditTrail). */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2000): Promise<ChainVerdict> {
  return (await walkChain(db, auditKeyOrThrow(), { pageSize })).verdict;
}

/**
 * "Verify chain": every link, then the chain against the latest checkpoint outside the database,
 * which shows events removed from the end and a chain rewritten as a whole. No checkpoint yet is
 * said as such, never as tampering.
 */
export async function verifyAuditTrail(opts: { db?: DbOrTx; store?: CheckpointStore; pageSize?: number } = {}): Promise<AuditVerification> {
  const key = auditKeyOrThrow();
  const checkpoint = await (opts.store ?? configuredCheckpointStore()).latest();
  const walk = await walkChain(opts.db ?? getDb(), key, { pageSize: opts.pageSize ?? 2000, watchId: checkpoint ? BigInt(checkpoint.id) : undefined });
  const finding: CheckpointFinding = !walk.verdict.ok
    ? checkpoint ? { status: "not-compared", checkpoint } : { status: "none" }
    : compareWithCheckpoint(checkpoint, { total: walk.pos.checked, atCheckpoint: walk.watched });
  return summarizeVerification(walk.verdict, finding);
}

/**
 * Write the chain's head (last id, its link, how many events, now) to the checkpoint store, after
 * checking that the events since the previous checkpoint link on from it (so a checkpoint never
 * vouches for a chain that lost events or was rewritten). Null when the log is still empty.
 * Refused (CONFLICT, nothing written) when the chain does not check out.
 */
export async function writeAuditCheckpoint(opts: { db?: DbOrTx; store?: CheckpointStore; pageSize?: number } = {}): Promise<{ checkpoint: AuditCheckpoint; location: string } | null> {
  const key = auditKeyOrThrow();
  const db = opts.db ?? getDb();
  const store = opts.store ?? configuredCheckpointStore();
  const previous = await store.latest();
  let from: { afterId: bigint; pos: ChainPosition } | undefined;
  if (previous) {
    const id = BigInt(previous.id);
    const seen = await linkAndPosition(db, id);
    const finding = compareWithCheckpoint(previous, { total: seen ? seen.position : await db.auditEvent.count(), atCheckpoint: seen });
    if (finding.status === "missing") throw new AppError("CONFLICT", `No checkpoint written: ${finding.reason}.`);
    from = { afterId: id, pos: { prevHash: previous.hash, checked: previous.count, keyed: previous.alg === KEYED_ALG } };
  }
  const walk = await walkChain(db, key, { pageSize: opts.pageSize ?? 2000, from });
  if (!walk.verdict.ok) throw new AppError("CONFLICT", `No checkpoint written: the chain is broken at event #${walk.verdict.brokenAtId}: ${walk.verdict.reason}.`);
  const head = walk.last ?? (previous ? { id: BigInt(previous.id), hash: previous.hash, alg: previous.alg } : null);
  if (!head) return null;
  const checkpoint: AuditCheckpoint = { id: head.id.toString(), hash: head.hash, count: walk.pos.checked, at: new Date().toISOString(), alg: head.alg };
  return { checkpoint, location: await store.append(checkpoint) };
}
