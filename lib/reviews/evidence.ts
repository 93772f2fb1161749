/**
 * What an item's decider saw, frozen on the item when they decide: the mapping's usage figures and
 * GitLab's side of it (stored facts only) at that moment. The report shows these, not today's
 * figures, so it says on what evidence each decision was made. Pure.
 */
import type { SelectorCheck } from "@/lib/gitlab-facts/check";
import type { MappingUsageView } from "@/lib/usage/views";
import type { ReviewDecisionKind } from "./transitions";

/** Targets kept per item: a group mapping can cover hundreds of projects. */
export const MAX_EVIDENCE_TARGETS = 50;

export interface UsageEvidence {
  lastUsedAt: string | null;
  uses30d: number;
  uses90d: number;
  unused: boolean;
  unusedDays: number;
  /** CloudTrail of the account read up to then (null: never read, so "no use" was unknown). */
  readUntil: string | null;
  sandbox: boolean;
  refs: { sub: string; lastUsedAt: string; uses90d: number }[];
}

export interface GitLabEvidence {
  /** Every target's facts were known. */
  checked: boolean;
  reason: string | null;
  targets: { project: string; protected: boolean | null; rules: string[]; allowForcePush: boolean | null; people: number }[];
  moreTargets: number;
  findings: { code: string; severity: string; message: string }[];
}

export interface ItemEvidence {
  at: string;
  /** Null when the mapping was no longer active (nothing to measure). */
  usage: UsageEvidence | null;
  gitlab: GitLabEvidence;
}

export function usageEvidence(u: MappingUsageView): UsageEvidence {
  return {
    lastUsedAt: u.lastUsedAt,
    uses30d: u.uses30d,
    uses90d: u.uses90d,
    unused: u.unused,
    unusedDays: u.unusedDays,
    readUntil: u.readUntil,
    sandbox: u.sandbox,
    refs: u.refs.map((r) => ({ sub: r.sub, lastUsedAt: r.lastUsedAt, uses90d: r.uses90d })),
  };
}

export function gitlabEvidence(check: SelectorCheck): GitLabEvidence {
  const targets = check.gitlab.targets;
  return {
    checked: check.gitlab.checked,
    reason: check.gitlab.reason,
    targets: targets.slice(0, MAX_EVIDENCE_TARGETS).map((t) => ({ project: t.project, protected: t.protected, rules: t.rules, allowForcePush: t.allowForcePush, people: t.people.length })),
    moreTargets: Math.max(0, targets.length - MAX_EVIDENCE_TARGETS),
    findings: check.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
  };
}

export function itemEvidence(usage: MappingUsageView | undefined, check: SelectorCheck, at: Date): ItemEvidence {
  return { at: at.toISOString(), usage: usage ? usageEvidence(usage) : null, gitlab: gitlabEvidence(check) };
}

/** One line for the audit event and the report: what the decider saw. */
export function evidenceLine(e: ItemEvidence): string {
  const u = e.usage;
  const usage = u === null
    ? "mapping no longer active"
    : `${u.sandbox ? "sandbox sample; " : ""}last used ${u.lastUsedAt ?? `not in 90 days${u.readUntil ? "" : " (CloudTrail never read)"}`}, ${u.uses30d} uses in 30 days, ${u.uses90d} in 90${u.unused ? `, unused for ${u.unusedDays}+ days` : ""}`;
  const g = e.gitlab;
  const prot = g.targets.map((t) => t.protected);
  const gitlab = !g.checked
    ? `GitLab facts unknown${g.reason ? ` (${g.reason})` : ""}`
    : `GitLab: ${prot.every((p) => p === true) ? "protected" : "not all protected"}, ${g.targets.reduce((n, t) => n + t.people, 0)} people can run it, ${g.findings.length} finding${g.findings.length === 1 ? "" : "s"}`;
  return `${usage}; ${gitlab}`;
}

/** The reason the mapping is revoked with (its history shows it came from the review). */
export function revokeReasonOf(reviewTitle: string, decision: ReviewDecisionKind, reason: string): string {
  return `Access review “${reviewTitle}” (${decision}): ${reason}`.slice(0, 1000);
}
