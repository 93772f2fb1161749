import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";

describe("notification settings from the environment", () => {
  it("are off by default", () => {
    expect(parseConfig({}).notify).toEqual({ smtp: undefined, webhookUrl: undefined, webhookSecret: undefined, slackWebhookUrl: undefined, allowPrivateWebhooks: false });
  });

  it("reads SMTP, the webhooks, the secret and the private-target flag", () => {
    const c = parseConfig({
      SMTP_URL: "smtp://mailer:pw@smtp.example.com:587",
      SMTP_FROM: "trustmap <trustmap@example.com>",
      TRUSTMAP_WEBHOOK_URL: "https://siem.example.com/hooks/trustmap",
      TRUSTMAP_WEBHOOK_SECRET: "0123456789abcdef0123",
      TRUSTMAP_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/X",
      TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: "1",
    });
    expect(c.notify).toEqual({
      smtp: { url: "smtp://mailer:pw@smtp.example.com:587", from: "trustmap <trustmap@example.com>" },
      webhookUrl: "https://siem.example.com/hooks/trustmap",
      webhookSecret: "0123456789abcdef0123",
      slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/X",
      allowPrivateWebhooks: true,
    });
  });

  it.each([
    [{ SMTP_URL: "http://smtp.example.com" }, /^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL\.$/],
    [{ SMTP_URL: "smtp://u:pw@smtp.example.com" }, /^SMTP_FROM must be set when SMTP_URL is/],
    [{ TRUSTMAP_WEBHOOK_URL: "ftp://x.example.com" }, /^TRUSTMAP_WEBHOOK_URL must be an http/],
    [{ TRUSTMAP_SLACK_WEBHOOK_URL: "hooks.slack.com" }, /^TRUSTMAP_SLACK_WEBHOOK_URL must be an http/],
    [{ TRUSTMAP_WEBHOOK_SECRET: "short-s3cret" }, /^TRUSTMAP_WEBHOOK_SECRET must be at least 16 characters\.$/],
    [{ TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: "yes" }, /^TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS must be 1 or 0\.$/],
  ])("a bad value stops start-up naming the variable: %o", (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("never echoes a secret in a configuration error", () => {
    for (const env of [{ TRUSTMAP_WEBHOOK_SECRET: "tiny-s3cret" }, { SMTP_URL: "smtp://mailer:hunter2-pass@", SMTP_FROM: "x@example.com" }, { SMTP_URL: "smtp://mailer:hunter2-pass@smtp.example.com" }]) {
      let message = "";
      try {
        parseConfig(env);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe("");
      expect(message).not.toMatch(/tiny-s3cret|hunter2/);
    }
  });
});
