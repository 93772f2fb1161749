import Link from "next/link";
import type { NavItem } from "@/lib/nav";
import { signOutAction } from "@/lib/actions/auth/sign-out";

export function AppNav({ items, user }: { items: NavItem[]; user: { name: string; username: string; role: string } }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold tracking-tight">trustmap</Link>
        <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm">
          {items.map((item) => (
            <Link key={item.href} href={item.href} className="text-slate-700 hover:text-slate-950 hover:underline">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Link href="/account/tokens" className="text-slate-700 hover:underline">API tokens</Link>
          <span data-testid="current-user">
            {user.name} <span className="rounded bg-slate-200 px-2 py-0.5 text-xs uppercase tracking-wide">{user.role}</span>
          </span>
          <form action={signOutAction}>
            <button className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">Sign out</button>
          </form>
        </div>
      </div>
    </header>
  );
}
