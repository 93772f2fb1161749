import type { DesiredAccount, DesiredMapping, DesiredRole, DesiredState } from "@/lib/reconcile/types";

export const ACCOUNT_ID = "123456789012";
export const ISSUER = "https://gitlab.example.com";
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/gitlab.example.com`;

export function account(overrides: Partial<DesiredAccount> = {}): DesiredAccount {
  return { accountId: ACCOUNT_ID, name: "prod", issuerUrl: ISSUER, providerArn: PROVIDER_ARN, audiences: ["sts.amazonaws.com"], region: "eu-west-1", ...overrides };
}

let counter = 0;
export function mapping(overrides: Partial<DesiredMapping> = {}): DesiredMapping {
  counter++;
  return { id: `m${counter}`, scope: "project", gitlabPath: "team/app", refType: "branch", refPattern: "main", environment: null, audience: "sts.amazonaws.com", protectedRefsOnly: false, ...overrides };
}

export function role(name: string, mappings: DesiredMapping[], overrides: Partial<DesiredRole> = {}): DesiredRole {
  return { id: `role-${name}`, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`, name, accountId: ACCOUNT_ID, production: false, quota: 2048, mappings, ...overrides };
}

export function desired(roles: DesiredRole[], overrides: Partial<DesiredState> = {}): DesiredState {
  return { accounts: [account()], roles, roleArnVariable: "ROLE_ARN", knownTargets: [], ...overrides };
}

/** A trust policy trustmap does not manage (e.g. an EC2 service statement). */
export const FOREIGN_STATEMENT = { Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };

export function policyWith(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
