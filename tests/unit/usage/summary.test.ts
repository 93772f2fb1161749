import { describe, expect, it } from "vitest";
import { managedSid } from "@/lib/policy";
import { otherGrantsOf } from "@/lib/usage/grants";
import { callersOf, sameProvider, summarizeRoleUsage, UNKNOWN_SUBJECT, type DailyUsage, type MappingForUsage } from "@/lib/usage/summary";

const NOW = new Date("2025-06-30T12:00:00Z");
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.example.com";
const AUD = "https://gitlab.example.com";
const daysAgo = (n: number, hour = 10) => new Date(Date.UTC(2025, 5, 30 - n, hour));
const sub = (path: string, ref: string, type = "branch") => `project_path:${path}:ref_type:${type}:ref:${ref}`;

function row(subject: string | null, ago: number, count: number, o: Partial<DailyUsage> = {}): DailyUsage {
  const at = daysAgo(ago);
  return { day: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())), subject, audience: AUD, provider: PROVIDER, errorCode: null, count, lastAt: at, ...o };
}

const web: MappingForUsage = { id: "m-web", selector: { scope: "project", path: "platform/web", refType: "branch", ref: "main" }, audience: AUD, createdAt: daysAgo(100) };
const releases: MappingForUsage = { id: "m-rel", selector: { scope: "group", path: "platform", refType: "branch", ref: "release/*" }, audience: AUD, createdAt: daysAgo(100) };
const tools: MappingForUsage = { id: "m-tools", selector: { scope: "project", path: "platform/tools", refType: "branch", ref: "main" }, audience: AUD, createdAt: daysAgo(5) };

function summarize(rows: DailyUsage[], unusedDays = 90, otherGrants = [] as Parameters<typeof summarizeRoleUsage>[0]["otherGrants"]) {
  return summarizeRoleUsage({ callers: callersOf(rows), mappings: [web, releases, tools], otherGrants: [...otherGrants], providerArn: PROVIDER, now: NOW, unusedDays });
}

describe("usage is attributed to the grants that let it in", () => {
  it("per mapping: last used, uses in 30 and 90 days, and which subjects", () => {
    const usage = summarize([row(sub("platform/web", "main"), 0, 3), row(sub("platform/web", "main"), 40, 2), row(sub("platform/web", "main"), 95, 7)]);
    const m = usage.mappings.find((x) => x.mappingId === "m-web");
    expect(m).toMatchObject({ uses30d: 3, uses90d: 5, lastUsedAt: daysAgo(0), unused: false });
    expect(m?.subjects).toEqual([{ sub: sub("platform/web", "main"), lastUsedAt: daysAgo(0), uses90d: 5 }]);
    expect(usage.grants).toContainEqual({ mappingId: "m-web", pattern: sub("platform/web", "main"), lastUsedAt: daysAgo(0), uses30d: 3, uses90d: 5 });
  });

  it("matches with StringLike semantics: a group's * spans subgroups, matching is case-sensitive", () => {
    const usage = summarize([row(sub("platform/deep/nested/api", "release/1.0"), 2, 1), row(sub("PLATFORM/web", "main"), 1, 4)]);
    expect(usage.mappings.find((x) => x.mappingId === "m-rel")).toMatchObject({ uses90d: 1 });
    expect(usage.mappings.find((x) => x.mappingId === "m-web")).toMatchObject({ uses90d: 0, lastUsedAt: null });
    expect(usage.unmanagedSubjects).toEqual([{ sub: sub("PLATFORM/web", "main"), lastUsedAt: daysAgo(1), uses90d: 4 }]);
  });

  it("a call with another audience or through another provider is not the mapping's: it is unmanaged", () => {
    const usage = summarize([row(sub("platform/web", "main"), 1, 1, { audience: "sts.amazonaws.com" }), row(sub("platform/web", "main"), 2, 1, { provider: "arn:aws:iam::111122223333:oidc-provider/gitlab.com" })]);
    expect(usage.mappings.find((x) => x.mappingId === "m-web")?.uses90d).toBe(0);
    expect(usage.unmanagedSubjects).toEqual([{ sub: sub("platform/web", "main"), lastUsedAt: daysAgo(1), uses90d: 2 }]);
  });

  it("calls before a mapping was requested are not its use: they came through another grant", () => {
    const usage = summarize([row(sub("platform/tools", "main"), 20, 2), row(sub("platform/tools", "main"), 1, 1)]);
    expect(usage.mappings.find((x) => x.mappingId === "m-tools")).toMatchObject({ uses90d: 1, lastUsedAt: daysAgo(1) });
    expect(usage.unmanagedSubjects).toEqual([{ sub: sub("platform/tools", "main"), lastUsedAt: daysAgo(20), uses90d: 2 }]);
  });

  it("flags a mapping unused for N days (setting), never one younger than N days", () => {
    const rows = [row(sub("platform/api", "release/2.0"), 60, 4)];
    expect(summarize(rows, 90).mappings.map((m) => [m.mappingId, m.unused])).toEqual([["m-web", true], ["m-rel", false], ["m-tools", false]]);
    expect(summarize(rows, 30).mappings.map((m) => [m.mappingId, m.unused])).toEqual([["m-web", true], ["m-rel", true], ["m-tools", false]]);
  });

  it("groups denied calls by subject with the latest error; a token without sub is grouped as unknown", () => {
    const usage = summarize([
      row(sub("evil/fork", "main"), 5, 2, { errorCode: "AccessDenied" }),
      row(sub("evil/fork", "main"), 1, 1, { errorCode: "InvalidIdentityToken" }),
      row(null, 3, 6, { errorCode: "InvalidIdentityToken", audience: null, provider: null }),
    ]);
    expect(usage.denied).toEqual([
      { sub: sub("evil/fork", "main"), count: 3, lastAt: daysAgo(1), errorCode: "InvalidIdentityToken" },
      { sub: null, count: 6, lastAt: daysAgo(3), errorCode: "InvalidIdentityToken" },
    ]);
    expect(usage.unmanagedSubjects).toEqual([]);
    expect(usage.mappings.every((m) => m.uses90d === 0)).toBe(true);
  });

  it("a successful call without a readable sub is listed as unmanaged, never attributed", () => {
    const usage = summarize([row(null, 1, 1)]);
    expect(usage.unmanagedSubjects).toEqual([{ sub: UNKNOWN_SUBJECT, lastUsedAt: daysAgo(1), uses90d: 1 }]);
  });

  it("grants of the policy no mapping accounts for are counted with their own operator: StringEquals takes '*' literally", () => {
    const usage = summarize(
      [row(sub("legacy/app", "main"), 1, 2), row("project_path:legacy/*:ref_type:branch:ref:main", 2, 1)],
      90,
      [
        { pattern: "project_path:legacy/*:ref_type:branch:ref:main", operator: "StringEquals", audiences: [AUD], providerArn: PROVIDER },
        { pattern: "project_path:legacy/*:ref_type:branch:ref:main", operator: "StringLike", audiences: null, providerArn: PROVIDER },
      ],
    );
    expect(usage.grants.filter((g) => g.mappingId === null)).toEqual([
      { mappingId: null, pattern: "project_path:legacy/*:ref_type:branch:ref:main", lastUsedAt: daysAgo(2), uses30d: 1, uses90d: 1 },
      { mappingId: null, pattern: "project_path:legacy/*:ref_type:branch:ref:main", lastUsedAt: daysAgo(1), uses30d: 3, uses90d: 3 },
    ]);
  });

  it("recognises the provider by ARN, or by issuer host in older records", () => {
    expect(sameProvider(PROVIDER, PROVIDER)).toBe(true);
    expect(sameProvider("gitlab.example.com", PROVIDER)).toBe(true);
    expect(sameProvider("https://gitlab.example.com", PROVIDER)).toBe(true);
    expect(sameProvider("gitlab.com", PROVIDER)).toBe(false);
    expect(sameProvider("arn:aws:iam::444455556666:oidc-provider/gitlab.example.com", PROVIDER)).toBe(false);
    expect(sameProvider(null, PROVIDER)).toBe(false);
  });
});

describe("the other grants of a trust policy", () => {
  const managed = { Sid: managedSid(PROVIDER, AUD), Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:aud": AUD }, StringLike: { "gitlab.example.com:sub": [sub("platform/web", "main"), sub("old/thing", "main")] } } };
  const foreign = { Sid: "HandWritten", Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:sub": sub("legacy/app", "main") } } };
  const noSub = { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" };
  const deny = { Effect: "Deny", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" };
  const aws = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" };

  it("lists foreign statements, unrestricted ones as '*', and trustmap's own patterns no active mapping has (drift); not Deny or AWS principals", () => {
    const grants = otherGrantsOf({ Version: "2012-10-17", Statement: [managed, foreign, noSub, deny, aws] }, new Set([sub("platform/web", "main")]));
    expect(grants).toEqual([
      { pattern: sub("old/thing", "main"), operator: "StringLike", audiences: [AUD], providerArn: PROVIDER },
      { pattern: sub("legacy/app", "main"), operator: "StringEquals", audiences: null, providerArn: PROVIDER },
      { pattern: "*", operator: "any", audiences: null, providerArn: PROVIDER },
    ]);
  });

  it("no policy read yet, or an unreadable one, gives none", () => {
    expect(otherGrantsOf(null, new Set())).toEqual([]);
    expect(otherGrantsOf({ Statement: "nonsense" }, new Set())).toEqual([]);
  });
});
