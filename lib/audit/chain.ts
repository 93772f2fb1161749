/** The audit log's hash chain: each event's hash covers its content and the previous hash. */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedEventContent {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  data: unknown;
}

/** SHA-256 over the RFC 8785 canonical JSON of the event and the previous event's hash. */
export function hashAuditEvent(prevHash: string, e: ChainedEventContent): string {
  const canonical = canonicalize({
    prevHash,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    data: e.data ?? {},
  });
  if (canonical === undefined) throw new Error("audit event is not serialisable");
  return createHash("sha256").update(canonical).digest("hex");
}

export interface StoredChainedEvent extends ChainedEventContent {
  id: bigint;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtId: string; reason: string };

/**
 * Walk events in id order and report the first broken link: an event whose stored hash does not
 * match its content (edited), or whose prevHash is not the previous event's hash (removed or
 * reordered).
 */
export function verifyChain(events: Iterable<StoredChainedEvent>, startPrevHash = GENESIS_HASH, alreadyChecked = 0): ChainVerdict {
  let prev = startPrevHash;
  let checked = alreadyChecked;
  for (const e of events) {
    if (e.prevHash !== prev) {
      return { ok: false, checked, brokenAtId: e.id.toString(), reason: "previous-hash link does not match: an event before it was removed or changed" };
    }
    if (hashAuditEvent(e.prevHash, e) !== e.hash) {
      return { ok: false, checked, brokenAtId: e.id.toString(), reason: "content does not match its hash: the event was edited" };
    }
    prev = e.hash;
    checked++;
  }
  return { ok: true, checked };
}
