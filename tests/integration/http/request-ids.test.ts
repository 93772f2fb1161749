/**
 * API errors and server-action errors name the request (the id proxy.ts assigns), and an
 * unexpected error's log line carries the same id — without the secrets the error held.
 */
import { Writable } from "node:stream";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Logger } from "pino";
import { POST as simulateRoute } from "@/app/api/v1/simulate/route";
import { runSimulationAction } from "@/lib/actions/simulate/run-simulation";
import { createLogger } from "@/lib/log";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => requestHeaders.current) }));
// The simulator's service fails the way a bug or a broken dependency would, with a secret in its message.
const failure = vi.hoisted(() => ({ error: null as Error | null }));
vi.mock("@/lib/simulate/service", async (original) => {
  const real = await original<typeof import("@/lib/simulate/service")>();
  return {
    simulate: vi.fn(async (input: Parameters<typeof real.simulate>[0]) => {
      if (failure.error) throw failure.error;
      return real.simulate(input);
    }),
  };
});

const REQUEST_ID = "0b7c3e1a-5d2f-4a6b-9c8d-1e2f3a4b5c6d";
const lines: string[] = [];
const g = globalThis as { trustmapLogger?: Logger };

beforeAll(async () => {
  const { db } = await useFreshDatabase();
  const user = await db.user.create({ data: { username: "dev", name: "Dev" } });
  signInAs(user.id);
  g.trustmapLogger = createLogger(new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(...chunk.toString().split("\n").filter(Boolean)), done()) }));
});
afterAll(() => {
  g.trustmapLogger = undefined;
});

function post(body: string) {
  return new NextRequest("http://localhost/api/v1/simulate", {
    method: "POST",
    headers: { origin: "http://localhost", "content-type": "application/json", "x-request-id": REQUEST_ID },
    body,
  });
}
const params = { params: Promise.resolve({}) };

describe("request ids in errors", () => {
  it("an API error body names the request", async () => {
    requestHeaders.current = new Headers({ "x-request-id": REQUEST_ID });
    const res = await simulateRoute(post("{not json"), params);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "BAD_INPUT", requestId: REQUEST_ID } });
  });

  it("an unexpected API error says only that it was logged under the request id, and the log line has the id but not the secret", async () => {
    requestHeaders.current = new Headers({ "x-request-id": REQUEST_ID });
    failure.error = new Error("connect failed: postgresql://trustmap_app:hunter2-db-password@db:5432/trustmap");
    try {
      const res = await simulateRoute(post(JSON.stringify({ claims: { sub: "x" }, policy: {} })), params);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error).toEqual({ code: "INTERNAL", message: `Something went wrong (event ${REQUEST_ID}). The error was logged.`, requestId: REQUEST_ID });
    } finally {
      failure.error = null;
    }
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === REQUEST_ID && l.msg === "unexpected error");
    expect(line).toMatchObject({ level: "error", method: "POST", path: "/api/v1/simulate", err: { message: expect.stringContaining("connect failed") } });
    expect(lines.join("\n")).not.toContain("hunter2-db-password");
  });

  it("a server action's unexpected error names the request in its result and its log line", async () => {
    requestHeaders.current = new Headers({ "x-request-id": REQUEST_ID });
    failure.error = new Error("upstream exploded");
    try {
      const res = await runSimulationAction({ token: "a.b.c" });
      expect(res).toEqual({ ok: false, code: "INTERNAL", error: `Something went wrong (event ${REQUEST_ID}). The error was logged.`, requestId: REQUEST_ID });
    } finally {
      failure.error = null;
    }
    expect(lines.some((l) => l.includes(REQUEST_ID) && l.includes('"action":"simulate.run"') && l.includes("upstream exploded"))).toBe(true);
  });
});
