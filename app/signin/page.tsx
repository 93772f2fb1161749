import type { Metadata } from "next";
import { Logo } from "@/components/logo";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/notice";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/guard";
import { isDemoMode, isGitLabSignInConfigured } from "@/lib/auth/mode";
import { listDemoUsers } from "@/lib/users/service";
import { signInDemoAction } from "@/lib/actions/auth/sign-in-demo";
import { signInGitLabAction } from "@/lib/actions/auth/sign-in-gitlab";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { ZSignInQuery } from "@/lib/schemas/auth";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That persona does not exist. Pick one from the list.",
  "demo-off": "Demo sign-in is off on this server.",
  AccessDenied: "Sign-in was refused.",
  OAuthCallbackError: "GitLab did not complete the sign-in. Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const params = readPageQuery(ZSignInQuery, await searchParams).data ?? {};
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const demo = isDemoMode();
  const personas = demo ? await listDemoUsers() : [];
  const error = params.error ? (Object.hasOwn(ERRORS, params.error) ? ERRORS[params.error] : "Sign-in failed. Try again.") : null;
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-md px-4 py-8 sm:p-8">
      <Logo size={48} className="mb-4" />
      <h1 className="text-2xl font-semibold">Sign in to trustmap</h1>
      {error ? <Alert className="mt-4">{error}</Alert> : null}
      {isGitLabSignInConfigured() ? (
        <form action={signInGitLabAction} className="mt-6">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button className="w-full rounded bg-orange-700 px-4 py-2 font-medium text-white hover:bg-orange-800">Sign in with GitLab</button>
        </form>
      ) : null}
      {demo ? (
        <section className="mt-8" aria-labelledby="personas">
          <h2 id="personas" className="text-lg font-medium">Demo personas</h2>
          <p className="mt-1 text-sm text-slate-700">Pick who you want to be. Nobody is asked for a password in demo mode.</p>
          {personas.length === 0 ? <p className="mt-3 text-sm">No demo personas are seeded yet.</p> : null}
          <ul className="mt-3 space-y-2">
            {personas.map((p) => (
              <li key={p.id}>
                <form action={signInDemoAction}>
                  <input type="hidden" name="username" value={p.username} />
                  <input type="hidden" name="callbackUrl" value={callbackUrl} />
                  <button className="flex w-full items-center justify-between gap-2 rounded border border-slate-400 bg-white px-4 py-2 text-left hover:bg-slate-100">
                    <span>{p.name} <span className="text-slate-700">@{p.username}</span></span>
                    <Badge caps>{p.role}</Badge>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!demo && !isGitLabSignInConfigured() ? (
        <p className="mt-6 text-slate-700">No sign-in method is configured. Set AUTH_GITLAB_ID and AUTH_GITLAB_SECRET, or TRUSTMAP_DEMO=1.</p>
      ) : null}
    </main>
  );
}
