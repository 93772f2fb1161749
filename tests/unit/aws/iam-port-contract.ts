import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { IamPort, IamTags } from "@/lib/aws/port";

/**
 * Behaviour every IamPort must share, run against the in-memory port (unit) and the SDK adapter
 * on moto (integration), so reconciler tests on the memory port stay honest.
 */

export interface RoleFixture {
  name: string;
  trustPolicy: string;
  path?: string;
  description?: string;
  tags?: IamTags;
}

export interface IamPortFixture {
  port: IamPort;
  accountId: string;
  createRole(role: RoleFixture): Promise<void>;
  createAccessKey(userName: string): Promise<string>;
}

export function gitlabTrustPolicy(sub: string, opts: { host?: string; accountId?: string; pretty?: boolean } = {}): string {
  const host = opts.host ?? "gitlab.example.com";
  const doc = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TrustmapManaged",
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${opts.accountId ?? "123456789012"}:oidc-provider/${host}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${host}:aud`]: `https://${host}` }, StringLike: { [`${host}:sub`]: sub } },
      },
    ],
  };
  return opts.pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
}

export async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

export function describeIamPortContract(label: string, setup: () => Promise<IamPortFixture> | IamPortFixture): void {
  describe(`IamPort contract: ${label}`, () => {
    let f: IamPortFixture;
    beforeEach(async () => {
      f = await setup();
    });

    describe("roles", () => {
      it("getRole returns the trust policy decoded to the exact text stored, and parsed", async () => {
        // `+`, spaces, `%` and Latin-1 must survive the URL-encoding round trip unchanged.
        const doc = gitlabTrustPolicy("project_path:team/app:ref_type:branch:ref:feature+x 100%-é", { pretty: true });
        await f.createRole({ name: "deploy", trustPolicy: doc, description: "deploys app", tags: { team: "a" } });

        const role = await f.port.getRole("deploy");

        expect(role.trustPolicy.text).toBe(doc);
        expect(role.trustPolicy.parsed).toEqual(JSON.parse(doc));
        expect(role).toMatchObject({
          name: "deploy",
          path: "/",
          arn: `arn:aws:iam::${f.accountId}:role/deploy`,
          description: "deploys app",
          maxSessionDuration: 3600,
          tags: { team: "a" },
        });
        expect(role.roleId).toMatch(/^AROA/);
        expect(role.createDate).toBeInstanceOf(Date);
      });

      it("listRoles returns every role with its decoded trust policy but no tags, as real IAM does", async () => {
        await f.createRole({ name: "a", trustPolicy: gitlabTrustPolicy("project_path:g/a:*"), tags: { k: "v" } });
        await f.createRole({ name: "b", trustPolicy: gitlabTrustPolicy("project_path:g/b:*"), path: "/ci/" });

        const roles = await f.port.listRoles();

        expect(roles.map((r) => r.name).sort()).toEqual(["a", "b"]);
        for (const role of roles) {
          expect(role.trustPolicy.parsed).toEqual(JSON.parse(gitlabTrustPolicy(`project_path:g/${role.name}:*`)));
          expect(role.tags).toBeUndefined();
        }
      });

      it("listRoles with a path prefix returns only the roles under that path", async () => {
        await f.createRole({ name: "a", trustPolicy: gitlabTrustPolicy("x") });
        await f.createRole({ name: "b", trustPolicy: gitlabTrustPolicy("x"), path: "/ci/" });

        const roles = await f.port.listRoles({ pathPrefix: "/ci/" });

        expect(roles.map((r) => [r.name, r.path, r.arn])).toEqual([["b", "/ci/", `arn:aws:iam::${f.accountId}:role/ci/b`]]);
      });

      it("updateAssumeRolePolicy replaces the document and returns the request id", async () => {
        await f.createRole({ name: "deploy", trustPolicy: gitlabTrustPolicy("old") });
        const next = gitlabTrustPolicy("project_path:g/p:ref_type:branch:ref:main");

        const { requestId } = await f.port.updateAssumeRolePolicy("deploy", next);

        expect(requestId).toMatch(/\S/);
        expect((await f.port.getRole("deploy")).trustPolicy.text).toBe(next);
      });

      it("a missing role is NOT_FOUND, with the AWS request id in the details", async () => {
        const read = await expectAppError(f.port.getRole("nope"), "NOT_FOUND");
        const write = await expectAppError(f.port.updateAssumeRolePolicy("nope", gitlabTrustPolicy("x")), "NOT_FOUND");

        for (const error of [read, write]) {
          expect(error.details?.awsCode).toBe("NoSuchEntity");
          expect(error.details?.requestId).toMatch(/\S/);
        }
      });

      it("rejects what real IAM rejects before making any call", async () => {
        await expectAppError(f.port.updateAssumeRolePolicy("bad name!", gitlabTrustPolicy("x")), "BAD_INPUT");
        await expectAppError(f.port.updateAssumeRolePolicy("ok", "not json"), "BAD_INPUT");
        await expectAppError(f.port.tagRole("ok", { "aws:reserved": "x" }), "BAD_INPUT");

        expect(f.port.callCounts().total).toBe(0);
      });

      it("tagRole adds and replaces tags, untagRole removes them, listRoleTags reads them", async () => {
        await f.createRole({ name: "deploy", trustPolicy: gitlabTrustPolicy("x"), tags: { team: "a", keep: "1" } });

        await f.port.tagRole("deploy", { team: "b", "trustmap:managed": "true" });
        await f.port.untagRole("deploy", ["keep"]);

        expect(await f.port.listRoleTags("deploy")).toEqual({ team: "b", "trustmap:managed": "true" });
        expect((await f.port.getRole("deploy")).tags).toEqual({ team: "b", "trustmap:managed": "true" });
      });
    });

    describe("OIDC providers", () => {
      it("creates a provider, lists it with its issuer URL, and reads it back", async () => {
        const { arn, requestId } = await f.port.createOpenIDConnectProvider({
          url: "https://gitlab.example.com",
          clientIds: ["https://gitlab.example.com"],
          tags: { owner: "trustmap" },
        });

        expect(arn).toBe(`arn:aws:iam::${f.accountId}:oidc-provider/gitlab.example.com`);
        expect(requestId).toMatch(/\S/);
        expect(await f.port.listOpenIDConnectProviders()).toEqual([{ arn, url: "https://gitlab.example.com" }]);
        expect(await f.port.getOpenIDConnectProvider(arn)).toMatchObject({
          arn,
          url: "https://gitlab.example.com",
          clientIds: ["https://gitlab.example.com"],
          thumbprints: [],
          tags: { owner: "trustmap" },
        });
      });

      it("keeps a path in the issuer URL and stores thumbprints for a private CA", async () => {
        const thumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
        const { arn } = await f.port.createOpenIDConnectProvider({
          url: "https://example.com/gitlab",
          clientIds: ["sts.amazonaws.com"],
          thumbprints: [thumbprint],
        });

        expect(arn).toBe(`arn:aws:iam::${f.accountId}:oidc-provider/example.com/gitlab`);
        expect(await f.port.getOpenIDConnectProvider(arn)).toMatchObject({ url: "https://example.com/gitlab", thumbprints: [thumbprint] });
      });

      it("adding a client id appends it once, however often it is added", async () => {
        const { arn } = await f.port.createOpenIDConnectProvider({ url: "https://gitlab.example.com", clientIds: ["a"] });

        await f.port.addClientIdToOpenIDConnectProvider(arn, "b");
        const { requestId } = await f.port.addClientIdToOpenIDConnectProvider(arn, "b");

        expect(requestId).toMatch(/\S/);
        expect((await f.port.getOpenIDConnectProvider(arn)).clientIds).toEqual(["a", "b"]);
      });

      it("a second provider for the same issuer is a CONFLICT", async () => {
        await f.port.createOpenIDConnectProvider({ url: "https://gitlab.example.com", clientIds: ["a"] });

        const error = await expectAppError(
          f.port.createOpenIDConnectProvider({ url: "https://gitlab.example.com", clientIds: ["b"] }),
          "CONFLICT",
        );
        expect(error.details?.awsCode).toBe("EntityAlreadyExists");
      });

      it("an unknown provider is NOT_FOUND", async () => {
        await expectAppError(f.port.getOpenIDConnectProvider(`arn:aws:iam::${f.accountId}:oidc-provider/nope.example.com`), "NOT_FOUND");
        await expectAppError(
          f.port.addClientIdToOpenIDConnectProvider(`arn:aws:iam::${f.accountId}:oidc-provider/nope.example.com`, "a"),
          "NOT_FOUND",
        );
      });

      it("rejects a non-https URL, a bad thumbprint and a malformed ARN before making any call", async () => {
        await expectAppError(f.port.createOpenIDConnectProvider({ url: "http://gitlab.example.com", clientIds: ["a"] }), "BAD_INPUT");
        await expectAppError(
          f.port.createOpenIDConnectProvider({ url: "https://gitlab.example.com", clientIds: ["a"], thumbprints: ["abc"] }),
          "BAD_INPUT",
        );
        await expectAppError(f.port.addClientIdToOpenIDConnectProvider("arn:aws:iam::1:oidc-provider/x", "a"), "BAD_INPUT");

        expect(f.port.callCounts().total).toBe(0);
      });
    });

    describe("access keys", () => {
      it("lists a user's keys and reports a never-used key without date, service or region", async () => {
        const keyId = await f.createAccessKey("ci-bot");

        const keys = await f.port.listAccessKeys("ci-bot");
        const lastUsed = await f.port.getAccessKeyLastUsed(keyId);

        expect(keys).toEqual([expect.objectContaining({ accessKeyId: keyId, userName: "ci-bot", status: "Active" })]);
        expect(lastUsed.userName).toBe("ci-bot");
        expect(lastUsed.lastUsedDate).toBeUndefined();
        expect(lastUsed.serviceName).toBeUndefined();
        expect(lastUsed.region).toBeUndefined();
      });

      it("an unknown user is NOT_FOUND", async () => {
        await expectAppError(f.port.listAccessKeys("nobody"), "NOT_FOUND");
      });
    });

    describe("call counts", () => {
      it("counts calls per operation and separates writes, so a read-only pass shows zero writes", async () => {
        await f.createRole({ name: "deploy", trustPolicy: gitlabTrustPolicy("x") });
        f.port.resetCallCounts();

        await f.port.listRoles();
        await f.port.getRole("deploy");
        await f.port.getRole("deploy");
        expect(f.port.callCounts()).toMatchObject({ byOperation: { ListRoles: 1, GetRole: 2 }, total: 3, writes: 0 });

        await f.port.updateAssumeRolePolicy("deploy", gitlabTrustPolicy("y"));
        expect(f.port.callCounts()).toMatchObject({ total: 4, writes: 1 });

        f.port.resetCallCounts();
        expect(f.port.callCounts()).toEqual({ byOperation: {}, total: 0, writes: 0, attempts: 0 });
      });
    });
  });
}
