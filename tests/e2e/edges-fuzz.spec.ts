/**
 * Fuzz every door of the running server with hostile input: every /api/v1 route (path segments,
 * query, JSON body), every page's path and searchParams, and every server action of the build
 * (by its id). Whatever arrives, the answer is below 500 and the server still answers afterwards.
 * Targets come from the file system and the build's manifest, so a new one is fuzzed on its own.
 * Few runs with a fixed seed by default; FUZZ_RUNS=200 (and FUZZ_SEED=…) for a longer local run.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import fc from "fast-check";
import { signInAs } from "./support";
import {
  FUZZ_RUNS,
  FUZZ_SEED,
  apiRoutes,
  encodeReplyBody,
  hostileQuery,
  hostileSegment,
  hostileValue,
  pages,
  pathFor,
  schemaFieldNames,
  serverActions,
} from "./edges-support";

test.describe.configure({ mode: "serial", timeout: 300_000 });

/** Actions whose job is to end the caller's session. */
const SESSION_ENDING = new Set(["signOutAction"]);

let fields: string[] = [];
test.beforeAll(async () => {
  fields = await schemaFieldNames();
});

/** The server still answers a plain request as the same user. */
async function stillAnswers(api: APIRequestContext, after: string): Promise<void> {
  const res = await api.get("/api/v1/me");
  expect(res.status(), `GET /api/v1/me after ${after}`).toBe(200);
}

/**
 * Send FUZZ_RUNS inputs; each answer is below 500 — and, for a server action (which answers 200
 * with its result), holds neither trustmap's INTERNAL error nor an unexpected exception in the
 * Flight response. A failure names the input (fast-check's counterexample).
 */
async function fuzz<T>(arbitrary: fc.Arbitrary<T>, send: (value: T) => Promise<{ status: number; what: string; flight?: string }>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const { status, what, flight } = await send(value);
      expect(status, what).toBeLessThan(500);
      if (flight !== undefined) {
        expect(flight, `${what}: an unexpected error`).not.toMatch(/"code":"INTERNAL"/);
        // Next's own control flow (redirect(), forbidden()) travels as error rows with a named
        // digest (NEXT_REDIRECT;…); an unexpected exception's digest is a number.
        expect(flight, `${what}: an exception`).not.toMatch(/^[0-9a-f]+:E\{"digest":"\d+"/m);
      }
    }),
    { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
  );
}

function base(page: Page): string {
  return new URL(page.url()).origin;
}

/** A JSON body: hostile values, or text that is not what a JSON reader expects. */
const bodyText = (fieldsNow: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: hostileValue(fieldsNow).map((v) => JSON.stringify(v) ?? "null") },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 200_000 }).map((d) => `{"claims":${"[".repeat(d)}${"]".repeat(d)}}`) },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "nul\u0000", '{"a":"\\ud800"}', '{"a":1e999}', "[]", "null", '"\u0000"', "\ufeff{}") },
  );

test("every /api/v1 route answers hostile paths, queries and bodies below 500", async ({ page }) => {
  await signInAs(page, "Ada Admin");
  const api = page.request;
  const origin = base(page);
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThan(5);
  for (const route of routes) {
    for (const method of route.methods) {
      await test.step(`${method} ${route.file}`, async () => {
        await fuzz(fc.record({ segment: hostileSegment, query: hostileQuery(fields), body: bodyText(fields) }), async ({ segment, query, body }) => {
          const url = `${pathFor(route.segments, () => segment)}${query ? `?${query}` : ""}`;
          const res = await api.fetch(url, {
            method,
            headers: { origin, "content-type": "application/json" },
            ...(method === "GET" ? {} : { data: Buffer.from(body) }),
            maxRedirects: 0,
          });
          return { status: res.status(), what: `${method} ${url} ${body.slice(0, 200)}` };
        });
        await stillAnswers(api, `${method} ${route.file}`);
      });
    }
  }
});

test("every page answers hostile paths and searchParams below 500", async ({ page }) => {
  await signInAs(page, "Ada Admin");
  const api = page.request;
  const all = pages();
  expect(all.length).toBeGreaterThan(10);
  for (const target of all) {
    await test.step(target.file, async () => {
      await fuzz(fc.record({ segment: hostileSegment, query: hostileQuery(fields) }), async ({ segment, query }) => {
        const url = `${pathFor(target.segments, () => segment)}${query ? `?${query}` : ""}`;
        const res = await api.get(url, { maxRedirects: 0 });
        return { status: res.status(), what: `GET ${url}` };
      });
      await stillAnswers(api, target.file);
    });
  }
});

test("every server action answers hostile arguments below 500", async ({ page }) => {
  // A requester: every action's decoding, authorization and (where allowed) validation runs, and
  // no argument that happens to be valid can change what the other specs rely on.
  await signInAs(page, "Ria Requester");
  const api = page.request;
  const origin = base(page);
  const actions = serverActions();
  expect(actions.length).toBeGreaterThan(10);
  for (const action of actions) {
    await test.step(`${action.name} (${action.file})`, async () => {
      await fuzz(fc.array(hostileValue(fields), { minLength: 0, maxLength: 2 }), async (args) => {
        const body = encodeReplyBody(args);
        const res = await api.post("/", {
          headers: { origin, "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
          data: Buffer.from(body),
          maxRedirects: 0,
        });
        return { status: res.status(), what: `${action.name}(${body.slice(0, 300)})`, flight: await res.text() };
      });
      // Bodies no client encodes (the Flight protocol's references to rows that never come, garbage):
      // Next's decoder answers them; the status stays below 500 and the server keeps answering.
      for (const raw of ["[\"$1\"]", "[\"$Q1\"]", "[\"$S\"]", "[\"$nabc\"]", "[", "", "x", "{\"a\":1}"]) {
        const res = await api.post("/", { headers: { origin, "next-action": action.id, "content-type": "text/plain;charset=UTF-8" }, data: Buffer.from(raw), maxRedirects: 0 });
        expect(res.status(), `${action.name} with the raw body ${raw}`).toBeLessThan(500);
      }
      // Signing out is what that action is for: sign in again before checking the server answers.
      if (SESSION_ENDING.has(action.name) && (await api.get("/api/v1/me")).status() === 401) await signInAs(page, "Ria Requester");
      await stillAnswers(api, action.name);
    });
  }
});
