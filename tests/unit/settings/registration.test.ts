import { describe, expect, it } from "vitest";
import { managedSid } from "@/lib/policy";
import { accountIdChangeRefusal, accountRemovalRefusal, deregistrationRefusal, ownedStatementCount } from "@/lib/settings/registration";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const OWNED = { Sid: managedSid(PROVIDER, "sts.amazonaws.com"), Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" };
const FOREIGN = { Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };

describe("deregistering a role", () => {
  const role = { name: "deployer", liveMappings: 0, actualTrustPolicy: { Version: "2012-10-17", Statement: [FOREIGN] }, actualFetchedAt: new Date("2026-12-01T10:00:00Z") };

  it("is allowed with no live mapping and no trustmap statement in IAM as last read (or never read)", () => {
    expect(deregistrationRefusal(role)).toBeNull();
    expect(deregistrationRefusal({ ...role, actualTrustPolicy: null, actualFetchedAt: null })).toBeNull();
  });

  it("is refused while live mappings exist, saying to revoke or withdraw them and apply", () => {
    expect(deregistrationRefusal({ ...role, liveMappings: 2 })).toMatch(/^deployer still has 2 live mappings \(requested or approved\)\. Revoke or withdraw them first, then apply/);
  });

  it("is refused while IAM, as last read, holds trustmap's statement, naming when it was read", () => {
    expect(deregistrationRefusal({ ...role, actualTrustPolicy: { Version: "2012-10-17", Statement: [FOREIGN, OWNED] } })).toMatch(/^IAM still holds trustmap's statement in deployer's trust policy \(as read at 2026-12-01 10:00 UTC\)\. Apply first/);
  });

  it("counts trustmap's statements in a policy with one statement object or none", () => {
    expect(ownedStatementCount({ Statement: OWNED })).toBe(1);
    expect(ownedStatementCount({ Statement: [FOREIGN] })).toBe(0);
    expect(ownedStatementCount(null)).toBe(0);
  });
});

describe("removing an AWS account", () => {
  it("is allowed when its roles are all deregistered without mapping history", () => {
    expect(accountRemovalRefusal({ name: "typo", accountId: "111111111111", roles: [{ name: "a", registered: false, mappings: 0 }] })).toBeNull();
  });

  it("is refused while a role is registered", () => {
    expect(accountRemovalRefusal({ name: "typo", accountId: "111111111111", roles: [{ name: "a", registered: true, mappings: 0 }] })).toMatch(/^1 role is still registered in typo \(a\): deregister it first/);
  });

  it("is refused while a deregistered role keeps mapping history, which is never deleted", () => {
    expect(accountRemovalRefusal({ name: "typo", accountId: "111111111111", roles: [{ name: "a", registered: false, mappings: 3 }] })).toMatch(/keeps the history of 3 mapping\(s\), which is never deleted/);
  });

  it("changes its id only while no role was ever registered in it", () => {
    expect(accountIdChangeRefusal({ name: "typo", roles: 0 })).toBeNull();
    expect(accountIdChangeRefusal({ name: "typo", roles: 1 })).toMatch(/their ARNs name this account id/);
  });
});
