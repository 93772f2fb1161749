/**
 * GitLab as an OAuth 2.0 provider (oauth2.md; Doorkeeper's error bodies): authorization code
 * with PKCE. `/oauth/authorize` approves at once as `state.currentUserId` (no login page) and
 * redirects back with `code` and `state`; `/oauth/token` exchanges the code or a refresh token.
 */
import { createHash, randomBytes } from "node:crypto";
import { HttpError, str, type Ctx, type Params } from "../http";
import type { AuthCode, FakeState, OAuthApp } from "../state";
import { json, route, type Reply, type Route } from "../router";

const CODE_LIFETIME_MS = 10 * 60 * 1000;

const INVALID_CLIENT = {
  error: "invalid_client",
  error_description:
    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
};
const INVALID_GRANT = {
  error: "invalid_grant",
  error_description:
    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
};

const secret = () => randomBytes(32).toString("hex");

function redirectTo(uri: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString() } };
}

function authorize(ctx: Ctx): Reply {
  const { state } = ctx;
  const app = state.oauthApps.get(str(ctx.input, "client_id") ?? "");
  if (!app) throw new HttpError(401, INVALID_CLIENT);
  const redirectUri = str(ctx.input, "redirect_uri") ?? "";
  // An unregistered redirect_uri is never redirected to: that would leak the code.
  if (!app.redirectUris.includes(redirectUri)) {
    throw new HttpError(400, {
      error: "invalid_redirect_uri",
      error_description: "The requested redirect uri is malformed or doesn't match client redirect URI.",
    });
  }
  const back = (params: Record<string, string | undefined>) => redirectTo(redirectUri, { ...params, state: str(ctx.input, "state") });
  if (str(ctx.input, "response_type") !== "code") return back({ error: "unsupported_response_type" });
  const scopes = (str(ctx.input, "scope") ?? "read_user").split(/[ +]/).filter(Boolean);
  if (scopes.some((s) => !app.scopes.includes(s))) return back({ error: "invalid_scope" });
  const challenge = str(ctx.input, "code_challenge");
  const method = str(ctx.input, "code_challenge_method") ?? (challenge ? "plain" : undefined);
  if (method !== undefined && method !== "S256" && method !== "plain") return back({ error: "invalid_request" });
  if (state.currentUserId === null) return back({ error: "access_denied" });

  const code = secret();
  state.authCodes.set(code, {
    clientId: app.clientId,
    redirectUri,
    userId: state.currentUserId,
    scopes,
    codeChallenge: challenge,
    codeChallengeMethod: method as AuthCode["codeChallengeMethod"],
    expiresAt: Date.now() + CODE_LIFETIME_MS,
  });
  return back({ code });
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the body. */
function authenticateClient(ctx: Ctx): OAuthApp {
  let id = str(ctx.input, "client_id");
  let pass = str(ctx.input, "client_secret");
  const header = ctx.req.headers.authorization ?? "";
  if (header.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
    pass = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
  }
  const app = ctx.state.oauthApps.get(id ?? "");
  if (!app || (app.confidential && pass !== app.clientSecret) || (pass !== undefined && pass !== app.clientSecret)) {
    throw new HttpError(401, INVALID_CLIENT);
  }
  return app;
}

function pkceHolds(code: AuthCode, verifier: string | undefined): boolean {
  if (code.codeChallenge === undefined) return true;
  if (verifier === undefined) return false;
  const derived = code.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return derived === code.codeChallenge;
}

function issueTokens(state: FakeState, app: OAuthApp, userId: number, scopes: string[]): Reply {
  const accessToken = secret();
  const refreshToken = secret();
  const now = Date.now();
  state.tokens.set(accessToken, { token: accessToken, userId, scopes, kind: "oauth", expiresAt: now + state.oauthTokenLifetimeSeconds * 1000 });
  state.refreshTokens.set(refreshToken, { accessToken, clientId: app.clientId });
  return json(
    {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: state.oauthTokenLifetimeSeconds,
      refresh_token: refreshToken,
      scope: scopes.join(" "),
      created_at: Math.floor(now / 1000),
    },
    200,
    { "cache-control": "no-store", pragma: "no-cache" },
  );
}

function token(ctx: Ctx): Reply {
  const app = authenticateClient(ctx);
  const input: Params = ctx.input;
  const grant = str(input, "grant_type");
  const { state } = ctx;
  if (grant === "authorization_code") {
    const codeValue = str(input, "code") ?? "";
    const code = state.authCodes.get(codeValue);
    const valid =
      code !== undefined &&
      code.clientId === app.clientId &&
      code.redirectUri === str(input, "redirect_uri") &&
      code.expiresAt > Date.now() &&
      pkceHolds(code, str(input, "code_verifier"));
    if (!valid) throw new HttpError(400, INVALID_GRANT);
    state.authCodes.delete(codeValue);
    return issueTokens(state, app, code.userId, code.scopes);
  }
  if (grant === "refresh_token") {
    const refreshValue = str(input, "refresh_token") ?? "";
    const refresh = state.refreshTokens.get(refreshValue);
    const old = refresh ? state.tokens.get(refresh.accessToken) : undefined;
    if (!refresh || !old || refresh.clientId !== app.clientId) throw new HttpError(400, INVALID_GRANT);
    state.refreshTokens.delete(refreshValue);
    state.tokens.delete(refresh.accessToken);
    return issueTokens(state, app, old.userId, old.scopes);
  }
  throw new HttpError(400, {
    error: "unsupported_grant_type",
    error_description: "The authorization grant type is not supported by the authorization server.",
  });
}

export const oauthRoutes: Route[] = [route("GET", "/oauth/authorize", authorize, false), route("POST", "/oauth/token", token, false)];
