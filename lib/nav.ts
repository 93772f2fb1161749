import { can, type Action, type Subject } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  action: Action;
}

/** The main navigation; each entry shows only to roles the rule table lets open it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/requests", label: "Requests", action: "requests.view" },
  { href: "/approvals", label: "Approvals", action: "approvals.view" },
  { href: "/mappings", label: "Mappings", action: "mappings.view" },
  { href: "/access", label: "Access", action: "access.view" },
  { href: "/reviews", label: "Reviews", action: "reviews.view" },
  { href: "/roles", label: "Roles", action: "roles.view" },
  { href: "/simulator", label: "Simulator", action: "simulate.run" },
  { href: "/reconcile", label: "Reconcile", action: "reconcile.view" },
  { href: "/audit", label: "Audit", action: "audit.view" },
  { href: "/inventory", label: "Inventory", action: "inventory.view" },
  { href: "/tradeoffs", label: "Trade-offs", action: "tradeoffs.view" },
  { href: "/settings", label: "Settings", action: "settings.view" },
  { href: "/notifications", label: "Notifications", action: "notifications.view" },
];

/** The account links beside the user's name: what each person sets for themselves. */
export const ACCOUNT_ITEMS: readonly NavItem[] = [
  { href: "/account/tokens", label: "API tokens", action: "tokens.manage" },
  { href: "/account/notifications", label: "Email notifications", action: "notifications.mute" },
];

export function navFor(user: Subject): NavItem[] {
  return NAV_ITEMS.filter((item) => can(user, item.action));
}

export function accountNavFor(user: Subject): NavItem[] {
  return ACCOUNT_ITEMS.filter((item) => can(user, item.action));
}

/**
 * How a navigation link relates to the page at `pathname`: "page" on the page itself, "true" on
 * a page inside its section (a mapping under Mappings, a run under Reconcile), else undefined.
 * The values are aria-current's.
 */
export function navCurrent(pathname: string, href: string): "page" | "true" | undefined {
  if (pathname === href) return "page";
  if (href !== "/" && pathname.startsWith(`${href}/`)) return "true";
  return undefined;
}
