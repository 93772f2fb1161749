/**
 * Checkpoints and what "verify" concludes from the chain and the latest checkpoint.
 *
 * The chain alone cannot show that events were removed from its end, or that the whole chain was
 * rewritten: what is left is still a consistent chain. A checkpoint kept outside the database
 * (the last event's id and link, and how many events led to it) can: after it, the chain must
 * still contain that event with that link, at that position.
 */
import type { ChainVerdict, HashAlg } from "./chain";

export interface AuditCheckpoint {
  /** The last event's id when the checkpoint was taken (as a decimal string; ids are bigint). */
  id: string;
  hash: string;
  /** Events in the chain up to and including `id`. */
  count: number;
  /** When the checkpoint was taken (ISO 8601). */
  at: string;
  /** How the checkpointed event's link was made. */
  alg: HashAlg;
}

/** What the walk saw of the checkpointed event: its link and its position (1-based), or nothing when it is gone. */
export interface CheckpointObservation {
  total: number;
  atCheckpoint: { hash: string; position: number } | null;
}

export type CheckpointFinding =
  | { status: "none" }
  /** The chain broke before the comparison could mean anything. */
  | { status: "not-compared"; checkpoint: AuditCheckpoint }
  | { status: "matches"; checkpoint: AuditCheckpoint }
  /** Events the checkpoint vouches for are gone or were rewritten; `missing` counts them when that is known. */
  | { status: "missing"; checkpoint: AuditCheckpoint; missing: number | null; reason: string };

const n = (count: number) => count.toLocaleString("en");
/** "1 event", "2,000 events". */
const events = (count: number) => `${n(count)} event${count === 1 ? "" : "s"}`;

/** Compare a complete, intact walk of the chain with the latest checkpoint. */
export function compareWithCheckpoint(checkpoint: AuditCheckpoint | null, seen: CheckpointObservation): CheckpointFinding {
  if (!checkpoint) return { status: "none" };
  const where = `the checkpoint of ${checkpoint.at} (event #${checkpoint.id}, ${events(checkpoint.count)})`;
  const missing = (count: number | null, reason: string): CheckpointFinding => ({ status: "missing", checkpoint, missing: count, reason });
  if (!seen.atCheckpoint) {
    if (seen.total < checkpoint.count) {
      const gone = checkpoint.count - seen.total;
      return missing(gone, `the chain has ${events(seen.total)} but ${where} counted ${n(checkpoint.count)}: ${n(gone)} missing from its end`);
    }
    return missing(null, `event #${checkpoint.id} of ${where} is gone`);
  }
  if (seen.atCheckpoint.hash !== checkpoint.hash) {
    return missing(null, `event #${checkpoint.id} no longer has the link ${where} recorded: the chain up to it was rewritten`);
  }
  if (seen.atCheckpoint.position < checkpoint.count) {
    const gone = checkpoint.count - seen.atCheckpoint.position;
    return missing(gone, `${n(gone)} of the events up to #${checkpoint.id} are missing since ${where}`);
  }
  if (seen.atCheckpoint.position > checkpoint.count) {
    return missing(null, `event #${checkpoint.id} is now number ${n(seen.atCheckpoint.position)} in the chain, not ${n(checkpoint.count)} as in ${where}: events were slipped in before it`);
  }
  return { status: "matches", checkpoint };
}

/** The verdict of "verify": the chain's own and the checkpoint's, one line for people, and the shape "Verify chain" always returned. */
export interface AuditVerification {
  /** Intact, and nothing the latest checkpoint vouches for is missing. */
  ok: boolean;
  checked: number;
  /** The first broken link, or the checkpointed event when events are missing. */
  brokenAtId?: string;
  reason?: string;
  checkpoint: CheckpointFinding;
  summary: string;
}

export function summarizeVerification(chain: ChainVerdict, checkpoint: CheckpointFinding): AuditVerification {
  if (!chain.ok) {
    return { ...chain, checkpoint, summary: `Chain broken at event #${chain.brokenAtId}: ${chain.reason} (${events(chain.checked)} before it verified).` };
  }
  const verified = `${events(chain.checked)} verified`;
  switch (checkpoint.status) {
    case "missing":
      return { ok: false, checked: chain.checked, brokenAtId: checkpoint.checkpoint.id, reason: checkpoint.reason, checkpoint, summary: `Events missing: ${checkpoint.reason} (${verified} in what is left).` };
    case "matches":
      return { ok: true, checked: chain.checked, checkpoint, summary: `Chain intact: ${verified}; the checkpoint of ${checkpoint.checkpoint.at} (event #${checkpoint.checkpoint.id}, ${events(checkpoint.checkpoint.count)}) matches.` };
    default:
      return { ok: true, checked: chain.checked, checkpoint, summary: `Chain intact: ${verified}. No checkpoint yet: nothing outside the database to compare the end of the chain with.` };
  }
}
