import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupGitLabFake } from "./harness";

const h = setupGitLabFake();
const CLIENT = { clientId: "trustmap", clientSecret: "s3cret", redirectUri: "http://localhost:3000/api/auth/callback/gitlab" };

function seedApp() {
  h.fake.state.addUser({ username: "alice", name: "Alice A", email: "alice@example.com" });
  h.fake.state.addOAuthApp({ clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, redirectUris: [CLIENT.redirectUri] });
  h.fake.state.signInAs("alice");
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

async function authorize(params: Record<string, string>) {
  const url = new URL("/oauth/authorize", h.fake.url);
  for (const [k, v] of Object.entries({ client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri, response_type: "code", ...params })) {
    url.searchParams.set(k, v);
  }
  return fetch(url, { redirect: "manual" });
}

function tokenRequest(form: Record<string, string>) {
  return fetch(`${h.fake.url}/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams(form),
  });
}

describe("sign-in with GitLab OAuth (authorization code + PKCE) against the fake", () => {
  it("redirects back with a code, exchanges it with the PKCE verifier and reads the user", async () => {
    seedApp();
    const { verifier, challenge } = pkce();

    const redirect = await authorize({ state: "xyz", scope: "read_user", code_challenge: challenge, code_challenge_method: "S256" });
    const location = new URL(redirect.headers.get("location") ?? "");
    const code = location.searchParams.get("code") ?? "";
    const tokenRes = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
    const tokens = (await tokenRes.json()) as Record<string, unknown>;
    const userRes = await fetch(`${h.fake.url}/api/v4/user`, { headers: { authorization: `Bearer ${String(tokens.access_token)}` } });

    expect(redirect.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(CLIENT.redirectUri);
    expect(location.searchParams.get("state")).toBe("xyz");
    expect(tokenRes.status).toBe(200);
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 7200, scope: "read_user" });
    expect(typeof tokens.refresh_token).toBe("string");
    expect(await userRes.json()).toMatchObject({ username: "alice", name: "Alice A", email: "alice@example.com", state: "active" });
  });

  it("refuses a code exchanged with the wrong PKCE verifier, and the code cannot be replayed", async () => {
    seedApp();
    const { verifier, challenge } = pkce();
    const redirect = await authorize({ state: "s", code_challenge: challenge, code_challenge_method: "S256" });
    const code = new URL(redirect.headers.get("location") ?? "").searchParams.get("code") ?? "";

    const wrong = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri, code_verifier: pkce().verifier });
    const right = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
    const replay = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });

    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([400, "invalid_grant"]);
    expect(right.status).toBe(200);
    expect(replay.status).toBe(400);
  });

  it("never redirects to an unregistered redirect_uri", async () => {
    seedApp();

    const res = await authorize({ redirect_uri: "https://evil.example/callback", state: "s" });

    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.json()).toMatchObject({ error: "invalid_redirect_uri" });
  });

  it("redirects with access_denied when no user approves", async () => {
    seedApp();
    h.fake.state.signInAs(null);

    const res = await authorize({ state: "s" });

    expect(new URL(res.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied");
  });

  it("rejects a wrong client secret with invalid_client", async () => {
    seedApp();
    const res = await fetch(`${h.fake.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "x", client_id: CLIENT.clientId, client_secret: "nope" }),
    });

    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([401, "invalid_client"]);
  });

  it("a read_user token reads /user but not projects", async () => {
    seedApp();
    h.fake.state.addProject("team/app");
    const { verifier, challenge } = pkce();
    const redirect = await authorize({ scope: "read_user", code_challenge: challenge, code_challenge_method: "S256" });
    const code = new URL(redirect.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const tokens = (await (
      await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier })
    ).json()) as { access_token: string };

    const res = await fetch(`${h.fake.url}/api/v4/projects/team%2Fapp`, { headers: { authorization: `Bearer ${tokens.access_token}` } });

    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([403, "insufficient_scope"]);
  });
});
