import { describe, expect, it } from "vitest";
import { afterAttempt, displayUrl, emailRoute, isTransientHttpStatus, redact, urlSecrets, webhookTargets, type SavedWebhook } from "@/lib/notify/routing";

const SAVED: SavedWebhook[] = [
  { id: "w1", name: "ops-slack", kind: "slack", events: ["reconcile.drift_found", "request.filed"], enabled: true },
  { id: "w2", name: "siem", kind: "generic", events: ["reconcile.drift_found"], enabled: true },
  { id: "w3", name: "paused", kind: "generic", events: ["reconcile.drift_found"], enabled: false },
];
const BOTH_ENV = { TRUSTMAP_WEBHOOK_URL: true, TRUSTMAP_SLACK_WEBHOOK_URL: true };
const NO_ENV = { TRUSTMAP_WEBHOOK_URL: false, TRUSTMAP_SLACK_WEBHOOK_URL: false };

describe("where notifications go", () => {
  it.each([
    [{ smtpConfigured: true, demo: false }, "smtp"],
    [{ smtpConfigured: true, demo: true }, "smtp"], // explicit SMTP wins over the demo outbox
    [{ smtpConfigured: false, demo: true }, "outbox"],
    [{ smtpConfigured: false, demo: false }, null],
  ] as const)("email with %o goes to %s", (o, route) => {
    expect(emailRoute(o)).toBe(route);
  });

  it("an event goes to every enabled saved webhook routed it, and to the environment's webhooks by default", () => {
    expect(webhookTargets("reconcile.drift_found", SAVED, BOTH_ENV, {}).map((t) => [t.channel, t.target, t.webhookId, t.envVariable])).toEqual([
      ["slack", "ops-slack", "w1", null],
      ["webhook", "siem", "w2", null],
      ["webhook", "generic webhook (environment)", null, "TRUSTMAP_WEBHOOK_URL"],
      ["slack", "Slack webhook (environment)", null, "TRUSTMAP_SLACK_WEBHOOK_URL"],
    ]);
    expect(webhookTargets("request.approved", SAVED, NO_ENV, {})).toEqual([]);
  });

  it("Settings narrow which events the environment's webhooks receive; unset variables receive nothing", () => {
    const narrowed = { TRUSTMAP_SLACK_WEBHOOK_URL: ["request.filed"] };
    expect(webhookTargets("reconcile.drift_found", [], BOTH_ENV, narrowed).map((t) => t.envVariable)).toEqual(["TRUSTMAP_WEBHOOK_URL"]);
    expect(webhookTargets("request.filed", [], BOTH_ENV, narrowed).map((t) => t.envVariable)).toEqual(["TRUSTMAP_WEBHOOK_URL", "TRUSTMAP_SLACK_WEBHOOK_URL"]);
    expect(webhookTargets("request.filed", [], { ...BOTH_ENV, TRUSTMAP_WEBHOOK_URL: false }, { TRUSTMAP_WEBHOOK_URL: ["request.filed"] }).map((t) => t.envVariable)).toEqual(["TRUSTMAP_SLACK_WEBHOOK_URL"]);
    expect(webhookTargets("request.filed", [], BOTH_ENV, { TRUSTMAP_WEBHOOK_URL: [], TRUSTMAP_SLACK_WEBHOOK_URL: [] })).toEqual([]);
  });

  it.each([
    [{ outcome: "sent", via: "smtp", answer: "250 OK" }, 0, 8, { status: "sent", retry: false }],
    [{ outcome: "skipped", answer: "the webhook was deleted" }, 0, 8, { status: "skipped", retry: false }],
    [{ outcome: "failed", via: "http", answer: "HTTP 500", permanent: false }, 0, 8, { status: "retrying", retry: true }],
    [{ outcome: "failed", via: "http", answer: "HTTP 500", permanent: false }, 7, 8, { status: "retrying", retry: true }],
    [{ outcome: "failed", via: "http", answer: "HTTP 500", permanent: false }, 8, 8, { status: "failed", retry: false }],
    [{ outcome: "failed", via: "http", answer: "HTTP 404", permanent: true }, 0, 8, { status: "failed", retry: false }],
  ] as const)("after %o on retry %i of %i: %o", (result, retryCount, limit, expected) => {
    expect(afterAttempt(result, retryCount, limit)).toEqual(expected);
  });

  it("retries server errors, timeouts and rate limits, not other client errors", () => {
    expect([500, 502, 503, 408, 425, 429].every(isTransientHttpStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isTransientHttpStatus)).toBe(false);
  });

  it("redacts every secret from an answer, longest first, without treating them as patterns", () => {
    const secret = "s3cr.t+(x)*";
    expect(redact(`bad signature for s3cr.t+(x)* and s3cr.t+(x)*!`, [secret, undefined, "ab"])).toBe("bad signature for [redacted] and [redacted]!");
    expect(redact("https://hooks.slack.com/services/T0/B0/XYZ failed", urlSecrets("https://hooks.slack.com/services/T0/B0/XYZ"))).toBe("[redacted] failed");
    expect(redact("404 at /services/T0/B0/XYZ", urlSecrets("https://hooks.slack.com/services/T0/B0/XYZ"))).toBe("404 at [redacted]");
    expect(urlSecrets("smtp://mailer:p%40ss@smtp.example.com:587")).toEqual(expect.arrayContaining(["p%40ss", "p@ss"]));
  });

  it("shows a webhook URL without its path (a Slack URL's path is a credential)", () => {
    expect(displayUrl("https://hooks.slack.com/services/T0/B0/XYZ")).toBe("https://hooks.slack.com/…");
    expect(displayUrl("https://ci.example.com:8443/")).toBe("https://ci.example.com:8443/");
    expect(displayUrl("https://ci.example.com/?token=abc")).toBe("https://ci.example.com/…");
    expect(displayUrl("nope")).toBe("(not a URL)");
  });
});
