import { describe, expect, it } from "vitest";
import { compileTrustPolicy, lintTrustPolicy } from "@/lib/policy";
import { OUT_OF_BAND_PATTERN, widenTrustPolicy } from "@/lib/sandbox/out-of-band";

const account = { issuerUrl: "https://gitlab.com", providerArn: "arn:aws:iam::111122223333:oidc-provider/gitlab.com", audience: "https://gitlab.com" };
const BREAK_GLASS = { Sid: "AdminBreakGlass", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/Admin" }, Action: "sts:AssumeRole" };

function managedPolicy(): string {
  const compiled = compileTrustPolicy({
    mappings: [{ id: "m1", selector: { scope: "project", path: "acme/web", refType: "branch", ref: "main" }, audience: account.audience, providerArn: account.providerArn, issuer: account.issuerUrl }],
    existing: JSON.stringify({ Version: "2012-10-17", Statement: [BREAK_GLASS] }),
  });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.json;
}

describe("the sandbox's out-of-band edit", () => {
  it("widens the managed statement to any project, keeping its pattern and every other statement", () => {
    const edit = widenTrustPolicy(managedPolicy(), account);
    expect(edit.what).toBe("managed-statement-widened");
    const after = JSON.parse(edit.document) as { Statement: { Condition?: { StringLike: Record<string, unknown> } }[] };
    expect(after.Statement[0]).toEqual(BREAK_GLASS);
    expect(after.Statement[1]!.Condition!.StringLike["gitlab.com:sub"]).toEqual(["project_path:acme/web:ref_type:branch:ref:main", OUT_OF_BAND_PATTERN]);
    // What it adds is the widening the linter exists to catch.
    const lint = lintTrustPolicy(after, { issuer: account.issuerUrl });
    expect(lint.ok && lint.findings.some((f) => f.severity === "critical")).toBe(true);
  });

  it("adds a hand-written statement to a role trustmap manages nothing in, once", () => {
    const edit = widenTrustPolicy(JSON.stringify({ Version: "2012-10-17", Statement: [BREAK_GLASS] }), account);
    expect(edit.what).toBe("statement-added");
    expect((JSON.parse(edit.document) as { Statement: unknown[] }).Statement).toEqual([
      BREAK_GLASS,
      {
        Sid: "ConsoleEdit",
        Effect: "Allow",
        Principal: { Federated: account.providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "gitlab.com:aud": account.audience }, StringLike: { "gitlab.com:sub": OUT_OF_BAND_PATTERN } },
      },
    ]);
    expect(() => widenTrustPolicy(edit.document, account)).toThrow(/already edited/);
  });
});
