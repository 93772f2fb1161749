"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useRef, useState, type ReactNode } from "react";
import { navCurrent, type NavItem } from "@/lib/nav";
import { cx } from "@/components/ui/cx";

/**
 * The main navigation and the account links (API tokens, email notifications: each only where the
 * rule table allows it). From `md` up the account links sit at the right of
 * the header's first row and the navigation fills a second row (an admin's twelve entries do not
 * fit beside them at laptop widths); on a phone both collapse behind a "Menu" disclosure button (aria-expanded; Escape closes it and returns
 * focus to the button; following a link closes it). The current page's link carries
 * aria-current="page" (a page inside a section: "true") and is marked visually.
 */
export function NavMenu({ items, accountItems, account }: { items: NavItem[]; accountItems: NavItem[]; account: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [seenPath, setSeenPath] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  if (pathname !== seenPath) {
    // A navigation happened: close the menu (state adjusted during render, no effect needed).
    setSeenPath(pathname);
    setOpen(false);
  }

  return (
    // display: contents keeps the button and the panel direct items of the header row; the
    // wrapper only catches Escape from either of them.
    <div
      className="contents"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="ml-auto inline-flex items-center gap-2 rounded border border-slate-400 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 md:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
        </svg>
        Menu
      </button>
      <div
        id={panelId}
        className={cx("w-full flex-col gap-4 border-t border-slate-200 pt-3 md:contents", open ? "flex" : "hidden")}
      >
        <nav aria-label="Main" className="text-sm md:order-2 md:w-full">
          <ul className="flex flex-col gap-1 md:flex-row md:flex-wrap md:gap-x-4 md:gap-y-1">
            {items.map((item) => {
              const current = navCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current}
                    className={cx(
                      "block rounded px-2 py-2 hover:bg-slate-100 hover:text-slate-950 md:px-0 md:py-1 md:hover:bg-transparent md:hover:underline",
                      current ? "bg-blue-50 font-semibold text-blue-900 md:bg-transparent md:underline md:decoration-2 md:underline-offset-[6px]" : "text-slate-700",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-sm md:order-1 md:ml-auto md:border-0 md:pt-0">
          {accountItems.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={navCurrent(pathname, item.href)}
              className={cx("hover:underline", pathname === item.href ? "font-semibold text-blue-900 underline" : "text-slate-700")}
            >
              {item.label}
            </Link>
          ))}
          {account}
        </div>
      </div>
    </div>
  );
}
