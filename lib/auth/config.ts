import "server-only";
import NextAuth, { type DefaultSession } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitLab from "next-auth/providers/gitlab";
import { z } from "zod";
import { findDemoUserByUsername, recordDemoSignIn, upsertGitLabUser } from "@/lib/users/service";
import { config } from "@/lib/config";
import { ZDemoUsername } from "@/lib/schemas/auth";
import { isHttpsUrl } from "@/lib/http/security-headers";
import { gitlabBaseUrl, isDemoMode } from "./mode";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

const ZGitLabProfile = z.object({
  id: z.number().int(),
  username: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

function providers(): Provider[] {
  const list: Provider[] = [];
  const oauth = config().gitlab.oauth;
  if (oauth) {
    list.push(
      GitLab({
        baseUrl: gitlabBaseUrl(),
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
      }),
    );
  }
  if (isDemoMode()) {
    list.push(
      Credentials({
        id: "demo",
        name: "Demo persona",
        credentials: { username: { label: "Persona" } },
        // Demo mode only: any seeded demo persona can be picked without a password.
        async authorize(credentials) {
          // Auth.js' own endpoint takes any posted text: only a well-formed username reaches the database.
          const username = ZDemoUsername.safeParse(credentials?.username);
          const user = username.success ? await findDemoUserByUsername(username.data) : null;
          if (!user) return null;
          await recordDemoSignIn(user);
          return { id: user.id, name: user.name };
        },
      }),
    );
  }
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  providers: providers(),
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  // With AUTH_URL set, next-auth rewrites every auth request to AUTH_URL's origin, so the Host
  // header decides nothing and Auth.js trusts it by default; an explicit false here would turn
  // that default off and fail every sign-in with UntrustedHost.
  trustHost: config().auth.trustHost || config().auth.url !== undefined,
  // With an https AUTH_URL every Auth.js cookie is Secure and named __Secure-… (the CSRF cookie
  // __Host-…). next-auth 5.0.0-beta.32 already infers this, as it rewrites auth requests to
  // AUTH_URL's origin; stating it keeps the rule from depending on that inference. Without
  // AUTH_URL, Auth.js decides per request from the protocol (x-forwarded-proto) it is reached with.
  useSecureCookies: config().auth.url === undefined ? undefined : isHttpsUrl(config().auth.url),
  callbacks: {
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "gitlab") {
        const p = ZGitLabProfile.parse(profile);
        const dbUser = await upsertGitLabUser({ gitlabId: p.id, username: p.username, name: p.name ?? p.username, email: p.email ?? null });
        token.uid = dbUser.id;
      } else if (account?.provider === "demo" && user?.id) {
        token.uid = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
}));
