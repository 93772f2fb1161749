import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, REDACTED, routeConsoleToLogger, scrubSecrets, scrubUrlPasswords } from "@/lib/log";

const SECRETS = {
  AUTH_SECRET: "auth-secret-value-9f8e7d6c5b4a",
  AUDIT_KEY: "audit-key-value-0123456789abcdef0123",
  GITLAB_TOKEN: "glpat-reconcilerTOKENvalue12345",
  AUTH_GITLAB_SECRET: "gitlab-oauth-client-secret-xyz",
  TRUSTMAP_WEBHOOK_SECRET: "webhook-hmac-secret-42",
  DATABASE_URL: "postgresql://trustmap_app:db-password-777@db.internal:5432/trustmap",
  SMTP_URL: "smtp://mailer:smtp-password-555@smtp.internal:587",
};
const API_TOKEN = "tmp_" + "Q".repeat(43);
const SESSION = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0.session-cookie-value";
/** Every string that must never reach a log line. */
const NEVER = [...Object.values(SECRETS), "db-password-777", "smtp-password-555", API_TOKEN, SESSION];

const saved = { ...process.env };
beforeEach(() => Object.assign(process.env, SECRETS));
afterEach(() => {
  process.env = { ...saved };
});

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter((l) => l !== ""));
      done();
    },
  });
  return { lines, log: createLogger(stream) };
}

describe("the server log", () => {
  it("writes one JSON object per line, and a logged request with every kind of secret shows none of them", () => {
    const { lines, log } = capture();
    const requestId = "4f3c2b1a-0000-4000-8000-123456789abc";
    log.info(
      {
        requestId,
        req: {
          method: "POST",
          path: "/api/v1/simulate",
          headers: { authorization: `Bearer ${API_TOKEN}`, cookie: `authjs.session-token=${SESSION}`, "user-agent": "curl/8" },
        },
        env: { ...SECRETS },
        config: { auth: { secret: SECRETS.AUTH_SECRET }, audit: { key: SECRETS.AUDIT_KEY }, databaseUrl: SECRETS.DATABASE_URL, gitlab: { token: SECRETS.GITLAB_TOKEN, oauth: { clientSecret: SECRETS.AUTH_GITLAB_SECRET } } },
      },
      "request",
    );
    log.error({ requestId, err: new Error(`cannot reach ${SECRETS.DATABASE_URL}: connection refused`) }, "unexpected error");
    log.warn(`webhook signed with ${SECRETS.TRUSTMAP_WEBHOOK_SECRET}, mail via ${SECRETS.SMTP_URL}, upstream said "Authorization: Bearer ${API_TOKEN}" and ${SECRETS.GITLAB_TOKEN}`);

    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines) for (const secret of NEVER) expect(line).not.toContain(secret);
    expect(parsed[0]).toMatchObject({ level: "info", msg: "request", requestId, req: { method: "POST", path: "/api/v1/simulate", headers: { authorization: REDACTED, cookie: REDACTED, "user-agent": "curl/8" } } });
    expect(parsed[1]).toMatchObject({ level: "error", requestId, err: { message: `cannot reach postgresql://trustmap_app:${REDACTED}@db.internal:5432/trustmap: connection refused` } });
    expect(parsed[2]?.msg).toContain(`Bearer ${REDACTED}`);
    expect(typeof parsed[0]?.time).toBe("string");
  });

  it("routes console output (what Next.js prints) to JSON lines, an Error as the line's err", () => {
    const { lines, log } = capture();
    const original = { ...console };
    try {
      routeConsoleToLogger(log);
      console.log("ready on %s", "http://localhost:3000");
      console.error("render failed", new Error(`boom at ${SECRETS.DATABASE_URL}`));
    } finally {
      Object.assign(console, original);
    }
    const parsed = lines.map((l) => JSON.parse(l) as { level: string; msg: string; err?: { message: string; stack: string } });
    expect(parsed.map((p) => [p.level, p.msg])).toEqual([
      ["info", "ready on http://localhost:3000"],
      ["error", "render failed"],
    ]);
    expect(parsed[1]?.err?.message).toBe(`boom at postgresql://trustmap_app:${REDACTED}@db.internal:5432/trustmap`);
    for (const line of lines) expect(line).not.toContain("db-password-777");
  });
});

describe("scrubbing", () => {
  it("replaces only the password of a URL's userinfo", () => {
    expect(scrubUrlPasswords("postgresql://u:pw@h:5432/db?x=1")).toBe(`postgresql://u:${REDACTED}@h:5432/db?x=1`);
    expect(scrubUrlPasswords("see http://host:8080/a and https://user@host/b")).toBe("see http://host:8080/a and https://user@host/b");
    expect(scrubUrlPasswords('"a://x:y@h" "b://p:q@r"')).toBe(`"a://x:${REDACTED}@h" "b://p:${REDACTED}@r"`);
  });

  it("finds secrets escaped inside JSON strings", () => {
    const secret = 'quote"and\\backslash-secret';
    expect(scrubSecrets(JSON.stringify({ msg: `value ${secret}` }), [secret])).not.toContain("backslash-secret");
  });

  it("stays linear on adversarial lines (1 MB in well under a second)", () => {
    const line = "://a:".repeat(50_000) + "Bearer ".repeat(50_000) + "tmp_".repeat(50_000);
    const start = performance.now();
    scrubSecrets(line, ["some-long-secret-value"]);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
