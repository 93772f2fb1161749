import { describe, expect, it } from "vitest";
import { coveringIndex, refreshTargets, spreadSchedule, startAfterSeconds } from "@/lib/gitlab-facts/refresh-plan";

const MINUTE = 60_000;

describe("which projects a facts refresh reads", () => {
  it("project mappings and on-demand projects once each (paths are case-insensitive), group mappings as groups", () => {
    const t = refreshTargets(
      [
        { scope: "project", gitlabPath: "acme/web" },
        { scope: "project", gitlabPath: "ACME/web" },
        { scope: "group", gitlabPath: "platform" },
        { scope: "group", gitlabPath: "platform" },
      ],
      ["acme/api", "acme/WEB"],
    );

    expect(t).toEqual({ projects: ["acme/api", "acme/web"], groups: ["platform"] });
  });
});

describe("when each project's refresh starts", () => {
  it("spreads 2,000 projects evenly over a 4-hour interval", () => {
    const s = spreadSchedule(2000, 240 * MINUTE);

    expect(s).toEqual({ spacingMs: 7200, spanMs: 7200 * 1999, overrun: false });
    expect([startAfterSeconds(s, 0), startAfterSeconds(s, 1), startAfterSeconds(s, 1999)]).toEqual([0, 7, 14392]);
  });

  it("never starts more projects a minute than members/all allows (50 under GitLab's 60), even if that overruns the interval", () => {
    const s = spreadSchedule(2000, 10 * MINUTE);

    expect(s.spacingMs).toBe(1200);
    expect(s.overrun).toBe(true);
    expect(MINUTE / s.spacingMs).toBeLessThanOrEqual(50);
  });

  it("keeps the requests a minute within the facts' share of the token's budget", () => {
    const s = spreadSchedule(100, MINUTE, { requestsPerMinute: 30, membersPerMinute: 1000 });

    // 3 requests a project, 30 a minute → 10 projects a minute.
    expect(s.spacingMs).toBe(6000);
  });

  it("nothing to read: nothing to schedule", () => {
    expect(spreadSchedule(0, MINUTE)).toEqual({ spacingMs: 0, spanMs: 0, overrun: false });
  });
});

describe("the mappings covering a project, for its drift check", () => {
  const covering = coveringIndex([
    { scope: "project", gitlabPath: "Acme/Web", refType: "branch", refPattern: "main", production: false },
    { scope: "group", gitlabPath: "acme", refType: "tag", refPattern: "v*", production: true },
    { scope: "group", gitlabPath: "acme", refType: "tag", refPattern: "v*", production: false },
    { scope: "group", gitlabPath: "acme/web", refType: "branch", refPattern: "never", production: false },
    { scope: "group", gitlabPath: "acm", refType: "branch", refPattern: "sibling", production: true },
    { scope: "project", gitlabPath: "acme/web/sub", refType: "branch", refPattern: "child", production: true },
  ]);

  it("its own mappings (any case) and its ancestor groups', each ref once", () => {
    expect(covering("acme/web")).toEqual({ refs: [{ refType: "branch", ref: "main" }, { refType: "tag", ref: "v*" }], production: true });
  });

  it("not a group named like the project itself, a sibling prefix, or a project below it", () => {
    expect(covering("other/app")).toEqual({ refs: [], production: false });
    expect(covering("acme/web").refs.map((r) => r.ref)).not.toContain("never");
    expect(covering("acme/web").refs.map((r) => r.ref)).not.toContain("sibling");
    expect(covering("acme/web").refs.map((r) => r.ref)).not.toContain("child");
  });
});
