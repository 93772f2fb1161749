/**
 * The webhook sender against a real HTTP receiver: the address it checks is the address it
 * connects to (one resolution, pinned), literals and names are refused before any byte is sent,
 * redirects are not followed.
 */
import dns from "node:dns";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkWebhookUrl, postWebhook, signatureOf } from "@/lib/notify/webhook-http";
import { startHttpReceiver, type HttpReceiver } from "./receivers";

let hooks: HttpReceiver;
beforeAll(async () => {
  hooks = await startHttpReceiver();
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await hooks?.stop();
});

/** A fake DNS for one name: each lookup gets the next answer (the last one repeats). */
function fakeDns(name: string, ...answers: string[][]) {
  const real = dns.promises.lookup.bind(dns.promises);
  const calls: string[] = [];
  vi.spyOn(dns.promises, "lookup").mockImplementation((async (host: string, options: dns.LookupAllOptions) => {
    if (host !== name) return real(host, options);
    calls.push(host);
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  }) as typeof dns.promises.lookup);
  return calls;
}

describe("sending a webhook", () => {
  it("connects to the address it checked: one resolution, so a rebinding answer never gets used", async () => {
    const calls = fakeDns("rebind.test", ["127.0.0.1"], ["10.255.255.1"]);
    const result = await postWebhook({ url: `http://rebind.test:${hooks.port}/pinned`, body: "{}" }, true);
    expect(result).toMatchObject({ outcome: "sent", answer: "HTTP 200: ok" });
    expect(calls).toEqual(["rebind.test"]);
    expect(hooks.requests.filter((q) => q.path === "/pinned")).toHaveLength(1);
    expect(hooks.requests.find((q) => q.path === "/pinned")?.headers.host).toBe(`rebind.test:${hooks.port}`);
  });

  it("refuses a name that resolves to a private address at connect time, sending nothing", async () => {
    fakeDns("internal.test", ["93.184.215.14", "10.0.0.7"]);
    const result = await postWebhook({ url: `http://internal.test:${hooks.port}/never`, body: "{}" }, false);
    expect(result).toEqual({ outcome: "failed", via: "http", permanent: true, answer: "refused: internal.test resolves to 10.0.0.7, which is private; set TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS=1 to allow private targets" });
    expect(hooks.requests.filter((q) => q.path === "/never")).toHaveLength(0);
  });

  it.each(["http://127.0.0.1:{port}/never", "http://[::1]:{port}/never", "http://2130706433:{port}/never", "http://0x7f.1:{port}/never", "http://[::ffff:127.0.0.1]:{port}/never", "http://169.254.169.254/latest/meta-data/"])(
    "refuses %s without the flag, before connecting",
    async (template) => {
      const result = await postWebhook({ url: template.replace("{port}", String(hooks.port)), body: "{}" }, false);
      expect(result).toMatchObject({ outcome: "failed", permanent: true, answer: expect.stringMatching(/^refused: .* is (loopback|link-local|IPv4-mapped form of a loopback)/) });
      expect(hooks.requests.filter((q) => q.path === "/never")).toHaveLength(0);
    },
  );

  it("signs the raw body with HMAC-SHA256 when given a secret", async () => {
    const body = JSON.stringify({ event: "x", id: "1", at: "2026-01-01T00:00:00.000Z", data: { a: "ü" } });
    await postWebhook({ url: `${hooks.url}/signed`, body, secret: "0123456789abcdef" }, true);
    const req = hooks.requests.find((q) => q.path === "/signed")!;
    expect(req.body).toBe(body);
    expect(req.headers["x-trustmap-signature"]).toBe(signatureOf(body, "0123456789abcdef"));
    expect(req.headers["x-trustmap-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(req.headers["content-type"]).toBe("application/json");
  });

  it("keeps a short excerpt of a long answer", async () => {
    hooks.answer("/long", { status: 503, body: "x".repeat(100_000) });
    const result = await postWebhook({ url: `${hooks.url}/long`, body: "{}" }, true);
    expect(result).toMatchObject({ outcome: "failed", permanent: false });
    expect(result.answer.length).toBeLessThan(220);
    expect(result.answer.startsWith("HTTP 503: xxx")).toBe(true);
  });

  it("an unreachable receiver is a failure worth retrying", async () => {
    const result = await postWebhook({ url: "http://127.0.0.1:1/closed", body: "{}" }, true);
    expect(result).toMatchObject({ outcome: "failed", permanent: false, answer: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe("checking a webhook URL when it is saved", () => {
  it("refuses private targets by literal or by name unless allowed, and anything that is not http(s) or carries credentials", async () => {
    fakeDns("metadata.test", ["169.254.169.254"]);
    expect(await checkWebhookUrl("http://metadata.test/", false)).toMatchObject({ allowed: false, reason: expect.stringMatching(/metadata\.test resolves to 169\.254\.169\.254, which is link-local/) });
    expect(await checkWebhookUrl("http://metadata.test/", true)).toEqual({ allowed: true });
    expect(await checkWebhookUrl("http://[fd00:ec2::254]/", false)).toMatchObject({ allowed: false, reason: expect.stringMatching(/unique-local/) });
    expect(await checkWebhookUrl("ftp://hooks.example.com/", true)).toMatchObject({ allowed: false });
    expect(await checkWebhookUrl("https://user:pw@hooks.example.com/", true)).toMatchObject({ allowed: false, reason: expect.stringMatching(/user name or password/) });
    expect(await checkWebhookUrl("https://no-such-host.invalid/", false)).toMatchObject({ allowed: false, reason: expect.stringMatching(/could not be resolved/) });
  });

  it("accepts a public name", async () => {
    fakeDns("hooks.public.test", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]);
    expect(await checkWebhookUrl("https://hooks.public.test/services/x", false)).toEqual({ allowed: true });
  });
});
