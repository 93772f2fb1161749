import { Logo } from "./logo";
import Link from "next/link";
import type { NavItem } from "@/lib/nav";
import { signOutAction } from "@/lib/actions/auth/sign-out";
import { Badge } from "@/components/ui/badge";
import { NavMenu } from "./nav-menu";

export function AppNav({ items, accountItems, user }: { items: NavItem[]; accountItems: NavItem[]; user: { name: string; username: string; role: string } }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <Logo size={28} />
          trustmap
        </Link>
        <NavMenu
          items={items}
          accountItems={accountItems}
          account={
            <>
              <span data-testid="current-user" className="flex items-center gap-2">
                {user.name} <Badge caps>{user.role}</Badge>
              </span>
              <form action={signOutAction}>
                <button className="rounded border border-slate-400 px-2 py-1 hover:bg-slate-100">Sign out</button>
              </form>
            </>
          }
        />
      </div>
    </header>
  );
}
