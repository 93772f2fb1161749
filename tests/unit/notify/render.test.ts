import { describe, expect, it } from "vitest";
import type { EventKind } from "@/lib/notify/events";
import { escapeHtml, escapeSlack, linkOf, messageIdOf, renderEmail, renderGeneric, renderSlack, type NotificationMessage } from "@/lib/notify/render";
import { EVENTS_OF_EVERY_KIND, MAPPING, eventOf } from "./fixtures";

const BASE = "https://trustmap.example.com/";
const ID = "6c1f9a52-7a51-4d0e-9f4e-3c5d1b2a0e11";
const AT = new Date("2026-11-30T10:00:00.000Z");
const message = (e: (typeof EVENTS_OF_EVERY_KIND)[number]): NotificationMessage => ({ ...e, id: ID, at: AT }) as NotificationMessage;

// What each event's message is about: its subject and the page it links to.
const EXPECTED: Record<EventKind, { subject: RegExp; path: string }> = {
  "request.filed": { subject: /^\[trustmap\] High-risk request: project acme\/web · tag v\* → deploy-production$/, path: `/mappings/${MAPPING.mappingId}` },
  "request.approval_recorded": { subject: /^\[trustmap\] Approved once, 1 more needed: project acme\/web/, path: `/mappings/${MAPPING.mappingId}` },
  "request.approved": { subject: /^\[trustmap\] Approved: project acme\/web · tag v\* → deploy-production$/, path: `/mappings/${MAPPING.mappingId}` },
  "request.rejected": { subject: /^\[trustmap\] Rejected: /, path: `/mappings/${MAPPING.mappingId}` },
  "request.withdrawn": { subject: /^\[trustmap\] Withdrawn: /, path: `/mappings/${MAPPING.mappingId}` },
  "mapping.expiring": { subject: /^\[trustmap\] Expires in 7 days: /, path: `/mappings/${MAPPING.mappingId}` },
  "mapping.expired": { subject: /^\[trustmap\] Expired: /, path: `/mappings/${MAPPING.mappingId}` },
  "mapping.revoked": { subject: /^\[trustmap\] Revoked: /, path: `/mappings/${MAPPING.mappingId}` },
  "reconcile.drift_found": { subject: /^\[trustmap\] Drift found: 1 role differs$/, path: "/reconcile/runs/run-1" },
  "reconcile.apply_failed": { subject: /^\[trustmap\] Apply failed: 2 operations failed$/, path: "/reconcile/runs/run-2" },
  "gitlab.ref_unprotected": { subject: /^\[trustmap\] acme\/web: branch main is no longer protected$/, path: "/mappings?path=acme%2Fweb" },
  "review.opened": { subject: /^\[trustmap\] Access review opened: Q3 production roles$/, path: "/reviews/r-1" },
  "review.due_soon": { subject: /^\[trustmap\] Access review due in 3 days: Q3 production roles$/, path: "/reviews/r-1" },
  "review.overdue": { subject: /^\[trustmap\] Access review overdue: Q3 production roles$/, path: "/reviews/r-1" },
};

describe("what a notification says", () => {
  for (const event of EVENTS_OF_EVERY_KIND) {
    const { subject, path } = EXPECTED[event.kind];
    it(`${event.kind}: subject, text and HTML link to ${path} under AUTH_URL`, () => {
      const link = `https://trustmap.example.com${path}`;
      const email = renderEmail(message(event), BASE);
      expect(email.subject).toMatch(subject);
      expect(email.text).toContain(link);
      expect(email.text).toContain(`notification ${ID}`);
      expect(email.text).toContain("Mute this kind of notification: https://trustmap.example.com/account/notifications");
      expect(email.html).toContain('href="https://trustmap.example.com/account/notifications"');
      expect(email.html).toContain(`href="${escapeHtml(link)}"`);
      expect(linkOf(message(event), BASE)).toBe(link);
      expect(renderSlack(message(event), BASE).text).toContain(`<${link}|`);
    });
  }

  it("says what each mapping event needs the reader to know", () => {
    const text = (kind: EventKind) => renderEmail(message(eventOf(kind as never)), BASE).text;
    expect(text("request.filed")).toMatch(/ria asks that GitLab project acme\/web · tag v\* may assume deploy-production\. It needs 2 approvals/);
    expect(text("request.filed")).toContain("Justification: Release tags deploy to production");
    expect(text("request.approval_recorded")).toContain("avery approved ria's request. It needs 1 more approval from another approver");
    expect(text("request.approved")).toContain("Expires: 2027-01-31 12:00 UTC");
    expect(text("request.rejected")).toContain("Reason: Use a protected tag pattern");
    expect(text("mapping.expiring")).toContain("expires on 2026-12-08 09:30 UTC");
    expect(text("mapping.revoked")).toContain("ada revoked this mapping");
    expect(text("reconcile.apply_failed")).toContain("- set ROLE_ARN on acme/web");
    expect(text("gitlab.ref_unprotected")).toContain("2 mappings rely on it");
  });

  it("tells each review holder how many items they hold", () => {
    const review = message(eventOf("review.due_soon"));
    expect(renderEmail(review, BASE, "avery").text).toContain("You hold 3 open items.");
    expect(renderEmail(review, BASE, "ria").text).toContain("You hold 2 open items.");
    expect(renderSlack(review, BASE).text).toContain("5 items still open.");
  });

  it("escapes what people typed in the HTML body", () => {
    const hostile = { ...eventOf("request.rejected"), data: { ...eventOf("request.rejected").data, reason: `<script>alert("x")</script> & <img src=x onerror=1>` } };
    const { html, text } = renderEmail(message(hostile), BASE);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=1&gt;");
    expect(text).toContain(`<script>alert("x")</script>`); // plain text is shown as text
  });

  it("keeps the subject to one line (no header injection) and short", () => {
    const e = eventOf("reconcile.drift_found");
    const sneaky = { ...e, data: { ...e.data, summary: "drift\r\nBcc: everyone@example.com\n" + "x".repeat(500) } };
    const { subject } = renderEmail(message(sneaky), BASE);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.length).toBeLessThanOrEqual(212);
  });

  it("escapes Slack's control characters so a justification cannot ping the channel or forge a link", () => {
    const e = eventOf("request.filed");
    const loud = { ...e, data: { ...e.data, justification: "<!channel> see <https://evil.example|trustmap> & more" } };
    const { text } = renderSlack(message(loud), BASE);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt; see &lt;https://evil.example|trustmap&gt; &amp; more");
    expect(text.startsWith("*High-risk request: project acme/web")).toBe(true);
    expect(escapeSlack("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("the generic webhook body is { event, id, at, data } with the payload, the actor and the link", () => {
    const body = renderGeneric(message(eventOf("request.rejected")), BASE);
    expect(Object.keys(body)).toEqual(["event", "id", "at", "data"]);
    expect(body).toMatchObject({ event: "request.rejected", id: ID, at: "2026-11-30T10:00:00.000Z" });
    expect(body.data).toMatchObject({ mappingId: MAPPING.mappingId, reason: "Use a protected tag pattern", actor: { id: "blake", label: "blake" }, link: `https://trustmap.example.com/mappings/${MAPPING.mappingId}` });
  });

  it("the Message-ID carries the notification id at AUTH_URL's host", () => {
    expect(messageIdOf(ID, BASE)).toBe(`<${ID}@trustmap.example.com>`);
    expect(messageIdOf(ID, "http://[::1]:3000")).toBe(`<${ID}@[::1]>`);
  });

  it("caps long lists", () => {
    const e = eventOf("reconcile.drift_found");
    const many = { ...e, data: { ...e.data, findings: Array.from({ length: 25 }, (_, i) => `finding ${i}`) } };
    const { text } = renderEmail(message(many), BASE);
    expect(text).toContain("- finding 9");
    expect(text).not.toContain("- finding 10");
    expect(text).toContain("- …and 15 more");
  });
});
