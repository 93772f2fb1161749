import { describe, expect, it } from "vitest";
import { MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { AppError } from "@/lib/errors";
import { scanGitLab } from "@/lib/inventory/scan";
import { DEFAULT_INVENTORY_CONFIG, keyClassifier } from "@/lib/inventory/patterns";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const config = { ...DEFAULT_INVENTORY_CONFIG, groups: ["acme"] };

function seeded(): MemoryGitLab {
  const gl = new MemoryGitLab();
  gl.addProject("acme/keys-app");
  gl.seedVariable({ kind: "project", path: "acme/keys-app" }, { key: "AWS_ACCESS_KEY_ID", value: KEY_ID });
  gl.seedVariable({ kind: "project", path: "acme/keys-app" }, { key: "AWS_SECRET_ACCESS_KEY", value: SECRET, masked: true });
  gl.addProject("acme/team/oidc-app", { defaultBranch: "trunk" });
  gl.seedVariable({ kind: "project", path: "acme/team/oidc-app" }, { key: "ROLE_ARN", value: "arn:aws:iam::123456789012:role/deploy", description: "managed by trustmap" });
  gl.addProject("acme/foreign-app");
  gl.seedVariable({ kind: "project", path: "acme/foreign-app" }, { key: "DEPLOY_ROLE_ARN", value: "arn:aws:iam::123456789012:role/x" });
  gl.addProject("acme/legacy/inherits");
  gl.seedVariable({ kind: "group", path: "acme/legacy" }, { key: "prod_aws_secret_access_key", value: SECRET, masked: true });
  gl.addProject("acme/plain");
  gl.seedVariable({ kind: "project", path: "acme/plain" }, { key: "NPM_TOKEN", value: "npm_abcdefgh" });
  gl.addProject("elsewhere/keys");
  gl.seedVariable({ kind: "project", path: "elsewhere/keys" }, { key: "AWS_ACCESS_KEY_ID", value: KEY_ID });
  return gl;
}

describe("inventory scan on the memory GitLab port", () => {
  it("classifies every project below the configured groups, with group variables inherited", async () => {
    const result = await scanGitLab(seeded(), config);
    expect(result.map((p) => [p.projectPath, p.method])).toEqual([
      ["acme/foreign-app", "oidc_foreign"],
      ["acme/keys-app", "static_keys"],
      ["acme/legacy/inherits", "static_keys"],
      ["acme/plain", "none"],
      ["acme/team/oidc-app", "oidc_trustmap"],
    ]);
    const keys = result.find((p) => p.projectPath === "acme/keys-app")!;
    expect(keys.accessKeyId).toBe(KEY_ID);
    expect(keys.evidence.map((e) => e.key)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    const inherited = result.find((p) => p.projectPath === "acme/legacy/inherits")!;
    expect(inherited.evidence).toEqual([expect.objectContaining({ key: "prod_aws_secret_access_key", level: "group", owner: "acme/legacy", kind: "secret_access_key" })]);
    expect(result.find((p) => p.projectPath === "acme/team/oidc-app")!.defaultBranch).toBe("trunk");
  });

  it("never keeps a secret value or any value other than an access key id", async () => {
    const result = await scanGitLab(seeded(), config);
    const text = JSON.stringify(result);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("arn:aws:iam");
    expect(text).not.toContain("npm_abcdefgh");
  });

  it("does not read a value that is not shaped like an access key id, even under an access-key-id key", async () => {
    const gl = new MemoryGitLab();
    gl.addProject("acme/odd");
    gl.seedVariable({ kind: "project", path: "acme/odd" }, { key: "AWS_ACCESS_KEY_ID", value: SECRET });
    const [p] = await scanGitLab(gl, config);
    expect(p).toMatchObject({ method: "static_keys", accessKeyId: null });
    expect(JSON.stringify(p)).not.toContain(SECRET);
  });

  it("a key matching both a secret and an id pattern is treated as secret (its value is never read)", () => {
    const kindOf = keyClassifier({ ...config, accessKeyIdPatterns: ["AWS_*"], secretKeyPatterns: ["*SECRET*"] });
    expect(kindOf("AWS_SECRET_ACCESS_KEY")).toBe("secret_access_key");
    expect(kindOf("AWS_ACCESS_KEY_ID")).toBe("access_key_id");
    expect(kindOf("ROLE_ARN")).toBe("role_arn");
    expect(kindOf("UNRELATED")).toBeNull();
  });

  it("fails as a whole when GitLab fails half-way", async () => {
    const gl = seeded();
    gl.failNext("listGroupProjects", new AppError("UPSTREAM", "GitLab answered 502"));
    await expect(scanGitLab(gl, config)).rejects.toMatchObject({ code: "UPSTREAM" });
  });
});
