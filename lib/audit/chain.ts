/**
 * The audit log's chain: each event's link covers its content and the previous event's link.
 *
 * A link is an HMAC-SHA256 keyed with AUDIT_KEY, which never enters the database, so someone who
 * can rewrite the table (a database superuser) cannot compute links for what they wrote. Events
 * written before the chain was keyed carry plain SHA-256 links and still verify; once a keyed
 * event exists, every later one must be keyed (an unkeyed link after it is a forgery).
 */
import { createHash, createHmac } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

/** How an event's hash links it: keyed, or plain SHA-256 (events from before the chain was keyed). */
export type HashAlg = "hmac-sha256" | "sha256";
export const KEYED_ALG: HashAlg = "hmac-sha256";

export interface ChainedEventContent {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  data: unknown;
}

/** RFC 8785 canonical JSON of the event and the previous event's hash: what a link covers. */
function canonicalLinkInput(prevHash: string, e: ChainedEventContent): string {
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
  return canonical;
}

/** The unkeyed SHA-256 link of events written before the chain was keyed. */
export function hashAuditEvent(prevHash: string, e: ChainedEventContent): string {
  return createHash("sha256").update(canonicalLinkInput(prevHash, e)).digest("hex");
}

/** The keyed link: HMAC-SHA256 over the same canonical JSON, keyed with the UTF-8 bytes of `key`. */
export function hmacAuditEvent(key: string, prevHash: string, e: ChainedEventContent): string {
  return createHmac("sha256", key).update(canonicalLinkInput(prevHash, e)).digest("hex");
}

export interface StoredChainedEvent extends ChainedEventContent {
  id: bigint;
  prevHash: string;
  hash: string;
  /** As stored; anything but a known HashAlg is a broken link. */
  hashAlg: string;
}

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtId: string; reason: string };

export type ChainBreak = Extract<ChainVerdict, { ok: false }>;

/** Where a walk along the chain stands: the last link, how many events are behind it, and whether the chain is keyed yet. */
export interface ChainPosition {
  prevHash: string;
  checked: number;
  keyed: boolean;
}

export const CHAIN_START: ChainPosition = { prevHash: GENESIS_HASH, checked: 0, keyed: false };

/**
 * Check one event against the position before it: its prevHash must be the previous link (else an
 * event before it was removed or changed), its algorithm known and not a step down from keyed, and
 * its hash the link of its content. Returns the position after it, or the break.
 */
export function checkLink(pos: ChainPosition, e: StoredChainedEvent, key: string): { ok: true; pos: ChainPosition } | ChainBreak {
  const broken = (reason: string): ChainBreak => ({ ok: false, checked: pos.checked, brokenAtId: e.id.toString(), reason });
  if (e.prevHash !== pos.prevHash) return broken("previous-hash link does not match: an event before it was removed or changed");
  if (e.hashAlg !== "hmac-sha256" && e.hashAlg !== "sha256") return broken(`unknown link algorithm "${e.hashAlg}"`);
  if (pos.keyed && e.hashAlg !== KEYED_ALG) return broken("an unkeyed link after keyed ones: the chain was rewritten without the key");
  if (e.hashAlg === KEYED_ALG) {
    if (hmacAuditEvent(key, e.prevHash, e) !== e.hash) return broken("content does not match its hash: the event was edited (or AUDIT_KEY is not the key it was written with)");
  } else if (hashAuditEvent(e.prevHash, e) !== e.hash) {
    return broken("content does not match its hash: the event was edited");
  }
  return { ok: true, pos: { prevHash: e.hash, checked: pos.checked + 1, keyed: pos.keyed || e.hashAlg === KEYED_ALG } };
}

/**
 * Walk events in id order from `from` (default: the start of the chain) and report the first
 * broken link: edited, removed, reordered, or unkeyed after keyed.
 */
export function verifyChain(events: Iterable<StoredChainedEvent>, opts: { key: string; from?: ChainPosition }): ChainVerdict {
  let pos = opts.from ?? CHAIN_START;
  for (const e of events) {
    const step = checkLink(pos, e, opts.key);
    if (!step.ok) return step;
    pos = step.pos;
  }
  return { ok: true, checked: pos.checked };
}
