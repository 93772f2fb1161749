import type { ReactNode } from "react";
import { AppNav } from "@/components/app-nav";
import { getSessionUser } from "@/lib/auth/guard";
import { accountNavFor, navFor } from "@/lib/nav";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  // Each page authorizes itself with requirePage(), which also redirects a visitor without a
  // session to sign-in with the page as callbackUrl (a layout does not know the path).
  if (!user) return <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">{children}</main>;
  return (
    <>
      <AppNav items={navFor(user)} accountItems={accountNavFor(user)} user={user} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
