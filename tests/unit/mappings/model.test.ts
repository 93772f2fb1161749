import { describe, expect, it } from "vitest";
import { selectorText } from "@/lib/mappings/model";
import { renderEmail } from "@/lib/notify/render";

const row = { scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", environment: null };

describe("a mapping's selector in words has one owner", () => {
  it("names scope, path and ref, the environment when there is one, and 'any ref' for refType any", () => {
    expect(selectorText(row)).toBe("project acme/web · branch main");
    expect(selectorText({ ...row, scope: "group", refType: "tag", refPattern: "v*", environment: "production" })).toBe("group acme/web · tag v* · env production");
    expect(selectorText({ ...row, refType: "any", refPattern: "*" })).toBe("project acme/web · any ref *");
  });

  it("notification subjects say it the way the mapping pages do", () => {
    const data = { mappingId: "m1", scope: "group" as const, gitlabPath: "acme", refType: "tag" as const, ref: "v*", environment: "production", roleArn: "arn:aws:iam::111122223333:role/r", roleName: "r", requesterId: "u1", requesterLabel: "ria", riskTier: "normal", requiredApprovals: 1, approverIds: [] };
    const email = renderEmail({ id: "n1", at: new Date(0), kind: "request.withdrawn", actor: { id: "u1", label: "ria" }, data }, "https://trustmap.test");
    expect(email.subject).toBe(`[trustmap] Withdrawn: ${selectorText({ ...data, refPattern: data.ref })} → r`);
  });
});
