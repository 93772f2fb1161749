/**
 * What a notification says, for each channel: an email (subject, plain text, HTML), a
 * Slack-compatible incoming-webhook body (`{ "text": … }`) and the generic JSON webhook body
 * (`{ "event", "id", "at", "data" }`). Pure; every link points at trustmap's own page for the
 * event, under the base URL the caller gives (AUTH_URL).
 *
 * Payloads hold text people typed (justifications, reasons, GitLab paths): the HTML body escapes
 * it, the Slack body escapes the three characters Slack gives meaning to (so nobody can write
 * `<!channel>` into a justification), and the subject is one line (no header injection).
 */
import { utcTime } from "@/lib/format";
import { selectorText } from "@/lib/mappings/model";
import { oneLine } from "./text";
import { EVENTS, type Actor, type EventPayloads, type MappingFacts, type NotifyEvent, type ReviewFacts } from "./events";

/** A stored notification: one event, with the id receivers de-duplicate by. */
export type NotificationMessage = NotifyEvent & { id: string; at: Date };

interface Summary {
  subject: string;
  /** The first paragraph: what happened. */
  intro: string;
  facts: [label: string, value: string][];
  /** A list under the facts (drift findings, failed operations), already capped. */
  items: string[];
  /** The page about it, relative to the base URL. */
  path: string;
  action: string;
}

const MAX_LIST = 10;
const MAX_TEXT = 1000;

function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function capped(list: readonly string[]): string[] {
  const shown = list.slice(0, MAX_LIST).map((s) => oneLine(s, 300));
  return list.length > MAX_LIST ? [...shown, `…and ${list.length - MAX_LIST} more`] : shown;
}

const when = (iso: string) => `${utcTime(iso)} UTC`;

/** "project acme/web · branch main" (the mapping's GitLab side, as the mapping pages show it). */
const selector = (m: MappingFacts) => selectorText({ ...m, refPattern: m.ref });

function mappingFacts(m: MappingFacts): [string, string][] {
  return [
    ["GitLab", selector(m)],
    ["Role", m.roleArn],
    ["Requested by", m.requesterLabel],
  ];
}

const mappingPath = (m: MappingFacts) => `/mappings/${encodeURIComponent(m.mappingId)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function mappingSummary(kind: keyof EventPayloads, m: MappingFacts, actor: Actor, extra: { subject: string; intro: string; facts?: [string, string][]; action?: string }): Summary {
  return {
    subject: `${extra.subject}: ${selector(m)} → ${m.roleName}`,
    intro: extra.intro,
    facts: [...mappingFacts(m), ...(extra.facts ?? [])],
    items: [],
    path: mappingPath(m),
    action: extra.action ?? (kind === "request.filed" ? "Review the request" : "Open the mapping"),
  };
}

function reviewSummary(r: ReviewFacts, recipientId: string | undefined, subject: string, intro: string): Summary {
  const mine = r.holders.find((h) => h.userId === recipientId)?.openItems;
  const open = r.holders.reduce((n, h) => n + h.openItems, 0);
  return {
    subject: `${subject}: ${r.title}`,
    intro: `${intro} ${mine === undefined ? `${plural(open, "item")} still open.` : `You hold ${plural(mine, "open item")}.`}`,
    facts: [["Due", when(r.dueAt)]],
    items: [],
    path: `/reviews/${encodeURIComponent(r.reviewId)}`,
    action: "Open the review",
  };
}

function summarize(n: NotificationMessage, recipientId: string | undefined): Summary {
  const { actor } = n;
  switch (n.kind) {
    case "request.filed": {
      const d = n.data;
      return mappingSummary(n.kind, d, actor, {
        subject: d.riskTier === "high" ? "High-risk request" : "Request",
        intro: `${d.requesterLabel} asks that GitLab ${selector(d)} may assume ${d.roleName}. It needs ${plural(d.requiredApprovals, "approval")} from someone other than the requester.`,
        facts: [["Risk", d.riskTier], ["Justification", clip(d.justification)], ["Expires", d.expiresAt ? when(d.expiresAt) : "never"]],
      });
    }
    case "request.approval_recorded": {
      const d = n.data;
      return mappingSummary(n.kind, d, actor, {
        subject: `Approved once, ${d.approvalsRemaining} more needed`,
        intro: `${actor.label} approved ${d.requesterLabel}'s request. It needs ${plural(d.approvalsRemaining, "more approval")} from another approver before it takes effect.`,
        action: "Review the request",
      });
    }
    case "request.approved": {
      const d = n.data;
      return mappingSummary(n.kind, d, actor, {
        subject: "Approved",
        intro: `${actor.label} gave the final approval: GitLab ${selector(d)} may assume ${d.roleName} once the next apply writes it to IAM.`,
        facts: [["Expires", d.expiresAt ? when(d.expiresAt) : "never"]],
      });
    }
    case "request.rejected":
      return mappingSummary(n.kind, n.data, actor, { subject: "Rejected", intro: `${actor.label} rejected ${n.data.requesterLabel}'s request.`, facts: [["Reason", clip(n.data.reason)]] });
    case "request.withdrawn":
      return mappingSummary(n.kind, n.data, actor, { subject: "Withdrawn", intro: `${actor.label} withdrew ${n.data.requesterLabel}'s request; nothing is left to decide.` });
    case "mapping.expiring":
      return mappingSummary(n.kind, n.data, actor, {
        subject: "Expires in 7 days",
        intro: `This mapping expires on ${when(n.data.expiresAt)}. If it is still needed, request it again before then.`,
      });
    case "mapping.expired":
      return mappingSummary(n.kind, n.data, actor, {
        subject: "Expired",
        intro: `This mapping expired on ${when(n.data.expiresAt)}; the next apply removes it from the role's trust policy.`,
      });
    case "mapping.revoked":
      return mappingSummary(n.kind, n.data, actor, {
        subject: "Revoked",
        intro: `${actor.label} revoked this mapping; the next apply removes it from the role's trust policy.`,
        facts: [["Reason", clip(n.data.reason)]],
      });
    case "reconcile.drift_found":
      return {
        subject: `Drift found: ${oneLine(n.data.summary, 120)}`,
        intro: `A drift check (${n.data.trigger}) found IAM or GitLab different from the approved state: ${clip(n.data.summary)}`,
        facts: [],
        items: capped(n.data.findings),
        path: `/reconcile/runs/${encodeURIComponent(n.data.runId)}`,
        action: "Open the drift run",
      };
    case "reconcile.apply_failed":
      return {
        subject: `Apply failed: ${plural(n.data.failedOperations, "operation")} failed`,
        intro: `An apply started by ${actor.label} did not finish: ${clip(n.data.error)}`,
        facts: [],
        items: capped(n.data.operations),
        path: `/reconcile/runs/${encodeURIComponent(n.data.runId)}`,
        action: "Open the apply run",
      };
    case "gitlab.ref_unprotected": {
      const d = n.data;
      return {
        subject: `${d.projectPath}: ${d.refType} ${d.ref} is no longer protected`,
        intro: `${clip(d.detail)} ${plural(d.mappingIds.length, "mapping")} rely on it: anyone who can push to it can now get the roles they grant.`,
        facts: [["Project", d.projectPath], ["Ref", `${d.refType} ${d.ref}`]],
        items: [],
        path: `/mappings?path=${encodeURIComponent(d.projectPath)}`,
        action: "Open the mappings",
      };
    }
    case "review.opened":
      return reviewSummary(n.data, recipientId, "Access review opened", `An access review is open until ${when(n.data.dueAt)}.`);
    case "review.due_soon":
      return reviewSummary(n.data, recipientId, "Access review due in 3 days", `The access review is due on ${when(n.data.dueAt)}.`);
    case "review.overdue":
      return reviewSummary(n.data, recipientId, "Access review overdue", `The access review was due on ${when(n.data.dueAt)}.`);
  }
}

/** Where people mute event kinds (their account page). */
const mutePage = (baseUrl: string) => `${baseUrl.replace(/\/+$/, "")}/account/notifications`;

/** The page about the notification's event, absolute. */
export function linkOf(n: NotificationMessage, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${summarize(n, undefined).path}`;
}

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** Slack's mrkdwn gives meaning to exactly these three characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The email for one recipient (`recipientId` personalises review counts). */
export function renderEmail(n: NotificationMessage, baseUrl: string, recipientId?: string): RenderedEmail {
  const s = summarize(n, recipientId);
  const link = linkOf(n, baseUrl);
  const subject = `[trustmap] ${oneLine(s.subject)}`;
  const text = [
    s.intro,
    "",
    ...s.facts.map(([label, value]) => `${label}: ${value}`),
    ...(s.items.length ? ["", ...s.items.map((i) => `- ${i}`)] : []),
    "",
    `${s.action}: ${link}`,
    "",
    `-- trustmap · ${EVENTS[n.kind].label} · notification ${n.id}`,
    `Mute this kind of notification: ${mutePage(baseUrl)}`,
  ].join("\n");
  const e = escapeHtml;
  const html = [
    "<!doctype html>",
    `<html><body style="font-family:sans-serif;line-height:1.4">`,
    `<p>${e(s.intro)}</p>`,
    s.facts.length ? `<table>${s.facts.map(([l, v]) => `<tr><th align="left" style="padding-right:1em">${e(l)}</th><td>${e(v)}</td></tr>`).join("")}</table>` : "",
    s.items.length ? `<ul>${s.items.map((i) => `<li>${e(i)}</li>`).join("")}</ul>` : "",
    `<p><a href="${e(link)}">${e(s.action)}</a></p>`,
    `<p style="color:#64748b;font-size:12px">trustmap · ${e(EVENTS[n.kind].label)} · notification ${e(n.id)}. <a href="${e(mutePage(baseUrl))}">Mute this kind of notification</a>.</p>`,
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

/** A Slack-compatible incoming-webhook body. */
export function renderSlack(n: NotificationMessage, baseUrl: string): { text: string } {
  const s = summarize(n, undefined);
  const x = escapeSlack;
  const lines = [
    `*${x(oneLine(s.subject))}*`,
    x(s.intro),
    ...s.facts.map(([label, value]) => `${x(label)}: ${x(oneLine(value, 300))}`),
    ...s.items.map((i) => `• ${x(i)}`),
    `<${linkOf(n, baseUrl)}|${x(s.action)}>`,
  ];
  return { text: lines.join("\n") };
}

/** The generic webhook body. `data` is the event's payload plus who caused it and the link. */
export function renderGeneric(n: NotificationMessage, baseUrl: string): { event: string; id: string; at: string; data: Record<string, unknown> } {
  return { event: n.kind, id: n.id, at: n.at.toISOString(), data: { ...n.data, actor: n.actor, link: linkOf(n, baseUrl) } };
}

/** The email's Message-ID: the notification id at the host of the base URL, so a retried email is recognisably the same message. */
export function messageIdOf(id: string, baseUrl: string): string {
  let host = "trustmap.invalid";
  try {
    host = new URL(baseUrl).hostname || host; // an IPv6 host keeps its brackets: a valid domain literal
  } catch {
    // keep the placeholder domain
  }
  return `<${id}@${host}>`;
}
