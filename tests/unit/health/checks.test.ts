import { describe, expect, it } from "vitest";
import { healthReport, jobQueueRunning, missingMigrations, RUNNER_STALE_AFTER_SECONDS } from "@/lib/health/checks";

describe("health verdicts", () => {
  it("needs every shipped migration applied; a database ahead of the code is fine", () => {
    expect(missingMigrations(["a", "b"], ["a", "b", "c"])).toEqual([]);
    expect(missingMigrations(["a", "b", "c"], ["a", "b"])).toEqual(["c"]);
  });

  it("calls the job queue running only with every queue installed and a runner seen recently", () => {
    expect(jobQueueRunning({ runnerAgeSeconds: 5, queuesInstalled: 4 }, 4)).toBe(true);
    expect(jobQueueRunning({ runnerAgeSeconds: RUNNER_STALE_AFTER_SECONDS + 1, queuesInstalled: 4 }, 4)).toBe(false);
    expect(jobQueueRunning({ runnerAgeSeconds: null, queuesInstalled: 4 }, 4)).toBe(false);
    expect(jobQueueRunning({ runnerAgeSeconds: 5, queuesInstalled: 3 }, 4)).toBe(false);
  });

  it("is ok only when every check is", () => {
    expect(healthReport({ database: true, migrations: true, jobQueue: true })).toEqual({ status: "ok", checks: { database: "ok", migrations: "ok", jobQueue: "ok" } });
    expect(healthReport({ database: true, migrations: false, jobQueue: true })).toEqual({ status: "failing", checks: { database: "ok", migrations: "failing", jobQueue: "ok" } });
  });
});
