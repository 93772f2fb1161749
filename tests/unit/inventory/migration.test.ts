import { describe, expect, it } from "vitest";
import { classify, type VariableEvidence } from "@/lib/inventory/classify";
import { carryMigratedAt, migrationState, moveToOidcHref } from "@/lib/inventory/migration";

const ev = (key: string, kind: VariableEvidence["kind"], extra: Partial<VariableEvidence> = {}): VariableEvidence => ({
  key, kind, level: "project", owner: "acme/app", environmentScope: "*", managedByTrustmap: false, ...extra,
});
const row = { projectPath: "acme/app", defaultBranch: "main", method: "static_keys" as const, evidence: [ev("AWS_ACCESS_KEY_ID", "access_key_id"), ev("AWS_SECRET_ACCESS_KEY", "secret_access_key"), ev("ROLE_ARN", "role_arn")], accessKeyId: "AKIAIOSFODNN7EXAMPLE", migratedAt: null };

describe("classification", () => {
  it("keys win over a role ARN; trustmap-managed beats foreign; nothing → none", () => {
    expect(classify(row.evidence).method).toBe("static_keys");
    expect(classify([ev("ROLE_ARN", "role_arn", { managedByTrustmap: true }), ev("X_ROLE_ARN", "role_arn")]).method).toBe("oidc_trustmap");
    expect(classify([ev("X_ROLE_ARN", "role_arn")]).method).toBe("oidc_foreign");
    expect(classify([])).toEqual({ method: "none", accessKeyId: null });
  });

  it("prefers the project's own key id over a group's (GitLab precedence)", () => {
    const group = ev("AWS_ACCESS_KEY_ID", "access_key_id", { level: "group", owner: "acme", accessKeyId: "AKIAGROUP00000000000" });
    const own = ev("AWS_ACCESS_KEY_ID", "access_key_id", { accessKeyId: "AKIAPROJECT000000000" });
    expect(classify([group, own]).accessKeyId).toBe("AKIAPROJECT000000000");
  });
});

describe("migration to OIDC", () => {
  it("a project on keys without a mapping links to a pre-filled request", () => {
    expect(migrationState(row, [])).toEqual({ kind: "on_keys", moveHref: "/requests?scope=project&path=acme%2Fapp&refType=branch&ref=main" });
    expect(moveToOidcHref("acme/empty", null)).toBe("/requests?scope=project&path=acme%2Fempty&refType=branch");
  });

  it("a requested mapping waits; an approved one (project or group above) lists the key variables to delete and the key to deactivate", () => {
    expect(migrationState(row, [{ id: "m1", scope: "project", gitlabPath: "acme/app", status: "requested" }])).toEqual({ kind: "mapping_requested", mappingId: "m1" });
    const state = migrationState(row, [{ id: "m2", scope: "group", gitlabPath: "acme", status: "approved" }]);
    expect(state).toMatchObject({ kind: "ready_to_clean", mappingId: "m2", accessKeyToDeactivate: "AKIAIOSFODNN7EXAMPLE" });
    if (state.kind !== "ready_to_clean") return;
    expect(state.variablesToDelete.map((e) => e.key)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
  });

  it("a mapping on a sibling or a group with a common prefix does not count", () => {
    expect(migrationState(row, [{ id: "m", scope: "group", gitlabPath: "acm", status: "approved" }, { id: "n", scope: "project", gitlabPath: "acme/app2", status: "approved" }]).kind).toBe("on_keys");
  });

  it("migratedAt is set when keys disappear, kept while off keys, cleared when keys return", () => {
    const t1 = new Date("2026-01-01T00:00:00Z");
    const t2 = new Date("2026-02-01T00:00:00Z");
    expect(carryMigratedAt(undefined, "oidc_trustmap", t1)).toBeNull();
    expect(carryMigratedAt({ method: "none", migratedAt: null }, "oidc_trustmap", t1)).toBeNull();
    expect(carryMigratedAt({ method: "static_keys", migratedAt: null }, "oidc_trustmap", t1)).toEqual(t1);
    expect(carryMigratedAt({ method: "oidc_trustmap", migratedAt: t1 }, "oidc_trustmap", t2)).toEqual(t1);
    expect(carryMigratedAt({ method: "oidc_trustmap", migratedAt: t1 }, "static_keys", t2)).toBeNull();
    expect(migrationState({ ...row, method: "oidc_trustmap", migratedAt: t1 }, [])).toEqual({ kind: "migrated", at: t1 });
    expect(migrationState({ ...row, method: "none" }, [])).toEqual({ kind: "not_applicable" });
  });
});
