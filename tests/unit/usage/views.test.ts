import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MappingUsageCell } from "@/components/usage/mapping-usage-cell";
import { EvidenceNote } from "@/components/usage/usage-bits";
import { deniedView, mappingUsageView, refUse } from "@/lib/usage/views";

const sub = (path: string, type: string, ref: string) => `project_path:${path}:ref_type:${type}:ref:${ref}`;
const at = new Date("2026-11-30T10:00:00Z");

describe("usage views", () => {
  it("name the project and ref of each sub that used a grant (the sub grammar's own parser), the raw sub for another shape", () => {
    expect(refUse({ sub: sub("acme/web", "branch", "release:1"), lastUsedAt: at, uses90d: 3 })).toEqual({ sub: sub("acme/web", "branch", "release:1"), project: "acme/web", refType: "branch", ref: "release:1", lastUsedAt: at.toISOString(), uses90d: 3 });
    expect(refUse({ sub: "repo:acme/web:ref:refs/heads/main", lastUsedAt: at, uses90d: 1 })).toMatchObject({ project: null, ref: null });
    expect(deniedView({ sub: null, count: 2, lastAt: at, errorCode: "InvalidIdentityToken" })).toEqual({ sub: null, project: null, ref: null, count: 2, lastAt: at.toISOString(), errorCode: "InvalidIdentityToken" });
  });

  it("a mapping view carries the flag, the threshold and where its evidence came from", () => {
    const view = mappingUsageView({ mappingId: "m1", lastUsedAt: null, uses30d: 0, uses90d: 0, subjects: [], unused: true }, { unusedDays: 45, readUntil: null, sandbox: false });
    expect(view).toEqual({ mappingId: "m1", lastUsedAt: null, uses30d: 0, uses90d: 0, refs: [], unused: true, unusedDays: 45, readUntil: null, sandbox: false });
  });
});

describe("usage on the Mappings list", () => {
  it("shows last use, uses in 30/90 days and the refs; an unused mapping links 'revoke?' to its page's revoke form", () => {
    const used = mappingUsageView({ mappingId: "m1", lastUsedAt: at, uses30d: 4, uses90d: 9, subjects: [{ sub: sub("acme/web", "branch", "main"), lastUsedAt: at, uses90d: 9 }, { sub: sub("acme/web", "tag", "v1"), lastUsedAt: at, uses90d: 1 }, { sub: sub("acme/web", "branch", "dev"), lastUsedAt: at, uses90d: 1 }], unused: false }, { unusedDays: 90, readUntil: at.toISOString(), sandbox: false });
    const html = renderToStaticMarkup(h(MappingUsageCell, { usage: used }));
    expect(html).toContain("2026-11-30 10:00");
    expect(html).toContain("4 in 30 d · 9 in 90 d");
    expect(html).toContain("main, tag v1 +1 more");
    expect(html).not.toContain("revoke?");

    const unused = renderToStaticMarkup(h(MappingUsageCell, { usage: { ...used, lastUsedAt: null, uses30d: 0, uses90d: 0, refs: [], unused: true } }));
    expect(unused).toMatch(/<a[^>]*href="\/mappings\/m1#revoke"[^>]*>.*revoke\?.*not used in the last 90 days/);
    expect(unused).toContain("not in 90 days");
  });

  it("says when a mapping has no usage to show (not active) rather than 'never used'", () => {
    expect(renderToStaticMarkup(h(MappingUsageCell, { usage: undefined }))).toBe('<span class="text-slate-700">—</span>');
  });

  it("labels the sandbox's sample evidence, and an account never read as unknown rather than unused", () => {
    expect(renderToStaticMarkup(h(EvidenceNote, { origin: { readUntil: at.toISOString(), sandbox: true } }))).toContain('data-testid="sandbox-badge"');
    expect(renderToStaticMarkup(h(EvidenceNote, { origin: { readUntil: null, sandbox: false } }))).toContain("not the same as unused");
  });
});
