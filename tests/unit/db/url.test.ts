import { describe, expect, it } from "vitest";
import { describeConnectionError, describeDatabaseUrlProblem, redactDatabaseUrl } from "@/lib/db/url";

describe("DATABASE_URL problems", () => {
  it.each([
    ["not a url", /not a valid URL/],
    ["mysql://u:p@h/db", /needs a postgresql:\/\/ URL/],
    ["postgresql://u:p@h:5432", /names no database/],
  ])("%s is explained in one line", (url, message) => {
    const problem = describeDatabaseUrlProblem(url);
    expect(problem).toMatch(message);
    expect(problem).not.toContain("\n");
  });

  it("accepts postgres:// and postgresql:// URLs", () => {
    expect(describeDatabaseUrlProblem("postgresql://u:p@localhost:5432/trustmap")).toBeNull();
    expect(describeDatabaseUrlProblem("postgres://u@db/trustmap?sslmode=require")).toBeNull();
  });

  it("never prints the password", () => {
    expect(redactDatabaseUrl("postgresql://u:s3cret@h/db")).not.toContain("s3cret");
    expect(describeConnectionError("postgresql://u:s3cret@h/db", { code: "ECONNREFUSED" })).not.toContain("s3cret");
    expect(describeConnectionError("postgresql://u:s3cret@h/db", { code: "28P01" })).toMatch(/credentials/);
  });
});
