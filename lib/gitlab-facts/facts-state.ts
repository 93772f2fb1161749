/**
 * What trustmap knows about a project or a group when it answers a question: facts with the time
 * they were read, or "unknown" with the reason. Unknown is never read as safe: callers turn it
 * into a high-risk finding. Pure.
 */
import type { TMemberFact, TProjectFacts } from "@/lib/schemas/gitlab-facts";

export type ProjectFactsState =
  | {
      known: true;
      facts: TProjectFacts;
      /** ISO time the facts were read; an older read stays in use until it is too old. */
      fetchedAt: string;
      /** The last refresh failed after these facts were read (they are kept, with their time). */
      lastError: string | null;
    }
  | { known: false; reason: string };

export type GroupProjectsState = { known: true; projects: string[]; fetchedAt: string } | { known: false; reason: string };

export type GroupMembersState = { known: true; members: TMemberFact[]; fetchedAt: string } | { known: false; reason: string };

export const NOT_CONNECTED = "GitLab not connected";

/** "unknown (GitLab not connected)", "unknown (could not read: …)". */
export function unknownText(reason: string): string {
  return `unknown (${reason})`;
}

export function couldNotRead(message: string): string {
  return `could not read: ${message}`;
}

/**
 * A stored read (`error`: the last failure's message, as GitLab's edge worded it), judged at `now`: facts older than `maxAgeMs` are unknown (they may no longer
 * hold), however they were kept; never read → unknown; read once and failing since → the old
 * facts with their time and the failure.
 */
export function judgeStored<T extends { fetchedAt: Date | null; error: string | null }>(
  row: T | null,
  now: Date,
  maxAgeMs: number,
): { usable: true; fetchedAt: string; lastError: string | null } | { usable: false; reason: string } {
  if (row === null) return { usable: false, reason: "not read yet" };
  if (row.fetchedAt === null) return { usable: false, reason: couldNotRead(row.error ?? "no answer") };
  if (now.getTime() - row.fetchedAt.getTime() > maxAgeMs) {
    const since = row.error ? `; since then ${couldNotRead(row.error)}` : "";
    return { usable: false, reason: `facts from ${row.fetchedAt.toISOString()} are too old${since}` };
  }
  return { usable: true, fetchedAt: row.fetchedAt.toISOString(), lastError: row.error };
}
