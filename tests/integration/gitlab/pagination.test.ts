import { describe, expect, it } from "vitest";
import { TOKEN, setupGitLabFake } from "./harness";

const h = setupGitLabFake();

async function page(query: string) {
  h.fake.state.addProject("team/app");
  for (let i = 0; i < 45; i += 1) h.fake.state.addVariable({ kind: "project", path: "team/app" }, { key: `K${i}`, value: "v" });
  const res = await fetch(`${h.fake.url}/api/v4/projects/team%2Fapp/variables${query}`, { headers: { "PRIVATE-TOKEN": TOKEN } });
  return { res, body: (await res.json()) as { key: string }[] };
}

describe("the fake paginates like GitLab's offset pagination", () => {
  it("defaults to 20 per page with x-* headers and first/next/last links", async () => {
    const { res, body } = await page("");
    const self = `${h.fake.url}/api/v4/projects/team%2Fapp/variables`;

    expect(body.map((v) => v.key)).toEqual(Array.from({ length: 20 }, (_, i) => `K${i}`));
    expect(Object.fromEntries(["x-page", "x-per-page", "x-total", "x-total-pages", "x-next-page", "x-prev-page"].map((k) => [k, res.headers.get(k)]))).toEqual({
      "x-page": "1",
      "x-per-page": "20",
      "x-total": "45",
      "x-total-pages": "3",
      "x-next-page": "2",
      "x-prev-page": "",
    });
    expect(res.headers.get("link")).toBe(
      `<${self}?page=2&per_page=20>; rel="next", <${self}?page=1&per_page=20>; rel="first", <${self}?page=3&per_page=20>; rel="last"`,
    );
  });

  it("a middle page links prev before next, and keeps the other query parameters", async () => {
    const { res } = await page("?per_page=10&page=2&filter[environment_scope]=*");

    const rels = [...(res.headers.get("link") ?? "").matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2], new URL(m[1] ?? "").searchParams.get("page")]);
    expect(rels).toEqual([["prev", "1"], ["next", "3"], ["first", "1"], ["last", "5"]]);
    expect(res.headers.get("link")).toContain("filter%5Benvironment_scope%5D=*");
  });

  it("caps per_page at 100 and answers an empty page past the end", async () => {
    const capped = await page("?per_page=500");
    h.fake.reset();
    h.fake.state.addUser({ username: "reconciler" });
    h.fake.state.addToken(TOKEN, "reconciler");
    const past = await page("?page=9");

    expect([capped.res.headers.get("x-per-page"), capped.body.length]).toEqual(["100", 45]);
    expect([past.body, past.res.headers.get("x-next-page"), past.res.headers.get("x-page")]).toEqual([[], "", "9"]);
  });
});
