import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readBodyText } from "@/lib/http/body";
import { foreignOrigin, guardRequest, isServerActionRequest, plainReplyProblem } from "@/lib/http/request-guard";
import { isAppError } from "@/lib/errors";

const BASE = "http://localhost:3000";

/** A body sent without Content-Length (chunked), as a client may. */
function chunked(bytes: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk, bytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
}

function post(path: string, init: { headers?: Record<string, string>; body?: BodyInit | ReadableStream<Uint8Array> } = {}): Request {
  return new Request(BASE + path, { method: "POST", headers: { host: "localhost:3000", ...init.headers }, body: init.body as BodyInit, duplex: "half" } as RequestInit);
}

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  return isAppError(e) ? { code: e.code, status: e.httpStatus } : e;
}

describe("reading a request body", () => {
  it("reads up to 1 MiB", async () => {
    expect((await readBodyText(post("/x", { body: "x".repeat(MAX_BODY_BYTES) }))).length).toBe(MAX_BODY_BYTES);
  });

  it("refuses a larger body by its Content-Length, with 413", async () => {
    expect(await errorOf(readBodyText(post("/x", { body: "x".repeat(MAX_BODY_BYTES + 1) })))).toEqual({ code: "TOO_LARGE", status: 413 });
  });

  it("refuses a larger chunked body while reading it, with 413", async () => {
    expect(await errorOf(readBodyText(post("/x", { body: chunked(MAX_BODY_BYTES + 1) })))).toEqual({ code: "TOO_LARGE", status: 413 });
  });

  it("refuses bytes that are not UTF-8 (they would be silently replaced)", async () => {
    expect(await errorOf(readBodyText(post("/x", { body: new Uint8Array([0x7b, 0xff, 0x7d]) })))).toEqual({ code: "BAD_INPUT", status: 400 });
  });
});

describe("the request guard in front of Next", () => {
  const action = (headers: Record<string, string>, body: BodyInit | ReadableStream<Uint8Array> = "[]") =>
    post("/requests", { headers: { "next-action": "7f00aa", "content-type": "text/plain;charset=UTF-8", ...headers }, body });

  it("knows a server action: a Next-Action header, or a form post to a page; never an API route", () => {
    expect(isServerActionRequest(action({}))).toBe(true);
    expect(isServerActionRequest(post("/signin", { headers: { "content-type": "multipart/form-data; boundary=x" }, body: "" }))).toBe(true);
    expect(isServerActionRequest(post("/api/v1/simulate", { headers: { "next-action": "x" }, body: "" }))).toBe(false);
    expect(isServerActionRequest(new Request(BASE + "/requests", { headers: { "next-action": "x" } }))).toBe(false);
  });

  it("refuses a server action from a foreign origin with 403 (Next answers 500)", async () => {
    const res = await guardRequest(action({ origin: "https://evil.example" }));
    expect(res?.status).toBe(403);
    expect(await res?.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-origin request refused." } });
    for (const origin of ["null", "not a url", "http://localhost:3001"]) expect(foreignOrigin(new Headers({ origin, host: "localhost:3000" })), origin).toBe(true);
  });

  it("lets a same-origin action through, and one without Origin as Next does", async () => {
    expect(await guardRequest(action({ origin: "http://localhost:3000" }))).toBeNull();
    expect(await guardRequest(action({}))).toBeNull();
    // Behind a proxy Next compares with X-Forwarded-Host, and so does the guard.
    expect(foreignOrigin(new Headers({ origin: "https://trustmap.example", host: "10.0.0.5:3000", "x-forwarded-host": "trustmap.example, cdn" }))).toBe(false);
  });

  it("refuses a body over 1 MiB with 413, declared or chunked", async () => {
    expect((await guardRequest(action({}, "[" + " ".repeat(MAX_BODY_BYTES) + "]")))?.status).toBe(413);
    expect((await guardRequest(action({}, chunked(MAX_BODY_BYTES + 1))))?.status).toBe(413);
    expect((await guardRequest(post("/api/v1/simulate", { headers: { "content-length": String(MAX_BODY_BYTES + 1) }, body: "x" })))?.status).toBe(413);
    expect((await guardRequest(post("/api/v1/simulate", { body: chunked(MAX_BODY_BYTES + 1) })))?.status).toBe(413);
  });

  it("refuses an action's arguments nested deeper than 64 levels with 400 (Next's decoder overflows the stack: 500)", async () => {
    const res = await guardRequest(action({}, "[".repeat(10_000) + "]".repeat(10_000)));
    expect(res?.status).toBe(400);
    expect(await guardRequest(action({}, JSON.stringify([{ a: [[["fine"]]] }])))).toBeNull();
  });

  it("never reads a GET", async () => {
    expect(await guardRequest(new Request(BASE + "/audit?x=" + "a".repeat(10)))).toBeNull();
  });
});

describe("paths Next cannot decode", () => {
  it.each(["/mappings/%", "/api/v1/reconcile/runs/%zz", "/x/%ED%A0%80", "/%FF"])("%s is a 400 before Next's 500", async (path) => {
    const res = await guardRequest(new Request(BASE + path));
    expect(res?.status).toBe(400);
    expect(await res?.json()).toMatchObject({ error: { code: "BAD_INPUT" } });
  });

  it("lets well-formed paths through, encoded or not", async () => {
    for (const path of ["/mappings/%2F", "/mappings/%C3%A9", "/mappings/%00", "/access"]) expect(await guardRequest(new Request(BASE + path)), path).toBeNull();
  });
});

describe("one-part server action bodies", () => {
  it("accept what React's encodeReply writes for plain values", () => {
    for (const body of ['[{"name":"ci","expiresInDays":null}]', '["$$escaped"]', '["$undefined","$NaN","$Infinity","$-Infinity","$-0"]', '["$D2026-01-01T00:00:00.000Z","$n-123"]', "[]"]) {
      expect(plainReplyProblem(body), body).toBeNull();
    }
  });

  it.each([
    ['["$1"]', /tag/],
    ['[{"a":["$@0"]}]', /tag/],
    ['["$Q1"]', /tag/],
    ['["$K1"]', /tag/],
    ['["$T"]', /tag/],
    ['["$n' + "9".repeat(301) + '"]', /tag/],
    ['["$nabc"]', /tag/],
    ["[", /not JSON/],
    ["", /not JSON/],
    ['{"a":1}', /not a list/],
  ])("refuse %s, which Next's decoder fails on with a 500", (body, message) => {
    expect(plainReplyProblem(body)).toMatch(message);
  });

  it("are refused with 400 in front of Next, and multipart bodies are left to it", async () => {
    const call = (body: string, type = "text/plain;charset=UTF-8") => guardRequest(post("/", { headers: { "next-action": "7f00aa", "content-type": type }, body }));
    expect((await call('["$1"]'))?.status).toBe(400);
    expect(await call('[{"ok":"$$1"}]')).toBeNull();
    expect(await call('------x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"]\r\n------x--', "multipart/form-data; boundary=----x")).toBeNull();
  });
});

it("a one-part body of half a million arguments is walked without overflowing the stack", () => {
  expect(plainReplyProblem(JSON.stringify(Array.from({ length: 500_000 }, () => 1)))).toBeNull();
});
