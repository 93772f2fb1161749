import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { describeGitLabMessage, toGitLabAppError } from "@/lib/gitlab/errors";
import { GitLabHttpError, GitLabNetworkError, parseRetryAfter } from "@/lib/gitlab/requester";

const httpError = (status: number, body: unknown, retryAfter?: number) =>
  toGitLabAppError(new GitLabHttpError(status, "GET", "/api/v4/x", body, retryAfter), "project x") as AppError;

describe("GitLab errors become AppErrors at the edge", () => {
  it.each([
    [400, { message: { value: ["is invalid"] } }, "BAD_INPUT"],
    [400, { message: { key: ["(K) has already been taken"] } }, "CONFLICT"],
    [400, { error: "key is missing" }, "BAD_INPUT"],
    [401, { message: "401 Unauthorized" }, "UNAUTHENTICATED"],
    [403, { message: "403 Forbidden" }, "FORBIDDEN"],
    [404, { message: "404 Project Not Found" }, "NOT_FOUND"],
    [409, { message: "There are multiple variables with provided parameters." }, "CONFLICT"],
    [422, { message: "Unprocessable" }, "BAD_INPUT"],
    [429, "Retry later\n", "THROTTLED"],
    [500, { message: "500 Internal Server Error" }, "UPSTREAM"],
    [503, "", "UPSTREAM"],
  ])("HTTP %i %j → %s, keeping GitLab's message in details", (status, body, code) => {
    const e = httpError(status, body);
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ status });
    expect(e.details?.gitlabMessage).toBeDefined();
  });

  it("carries the Retry-After of a final 429", () => {
    expect(httpError(429, "Retry later", 30).details?.retryAfterSeconds).toBe(30);
  });

  it("turns a network failure into UPSTREAM and leaves our own bugs alone", () => {
    expect((toGitLabAppError(new GitLabNetworkError("GitLab could not be reached"), "x") as AppError).code).toBe("UPSTREAM");
    const bug = new TypeError("oops");
    expect(toGitLabAppError(bug, "x")).toBe(bug);
  });

  it("describes field errors in one line", () => {
    expect(describeGitLabMessage({ value: ["is invalid"], base: ["Not allowed."] })).toBe("value is invalid; Not allowed.");
    expect(describeGitLabMessage("404 Project Not Found")).toBe("404 Project Not Found");
  });
});

describe("Retry-After parsing", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["1", 1],
    [" 120 ", 120],
    ["Thu, 01 Jan 2026 00:00:30 GMT", 30],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
    ["soon", undefined],
    [null, undefined],
  ])("%j → %j seconds", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
