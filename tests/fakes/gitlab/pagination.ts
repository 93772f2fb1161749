/**
 * GitLab's offset pagination (doc/api/rest/_index.md, "Offset-based pagination"): `page`
 * (default 1) and `per_page` (default 20, at most 100); headers `x-page`, `x-per-page`, `x-total`,
 * `x-total-pages`, `x-next-page`, `x-prev-page` (empty when there is none) and a `Link` header
 * with `prev`, `next`, `first`, `last` in that order.
 */
import { paramError, type Ctx } from "./http";

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

function positiveInt(ctx: Ctx, name: string, fallback: number): number {
  const raw = ctx.input[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw paramError(`${name} is invalid`);
  return n < 1 ? fallback : n;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function paginate<T>(ctx: Ctx, all: readonly T[]): Page<T> {
  const perPage = Math.min(positiveInt(ctx, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = positiveInt(ctx, "page", 1);
  const total = all.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const next = page < totalPages ? page + 1 : undefined;
  const prev = page > 1 ? Math.min(page - 1, totalPages) : undefined;

  const link = (p: number, rel: string) => {
    const url = new URL(ctx.url.pathname, ctx.origin);
    for (const [k, v] of ctx.url.searchParams) if (k !== "page" && k !== "per_page") url.searchParams.append(k, v);
    url.searchParams.set("page", String(p));
    url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(prev ? [link(prev, "prev")] : []),
    ...(next ? [link(next, "next")] : []),
    link(1, "first"),
    link(totalPages, "last"),
  ];

  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    headers: {
      "x-page": String(page),
      "x-per-page": String(perPage),
      "x-total": String(total),
      "x-total-pages": String(totalPages),
      "x-next-page": next ? String(next) : "",
      "x-prev-page": prev ? String(prev) : "",
      link: links.join(", "),
    },
  };
}

/** Orders a listing by one field, ties broken by id. */
export function orderListing<T extends { id: number }>(items: T[], field: (x: T) => string | number, desc: boolean): T[] {
  return [...items].sort((a, b) => {
    const [x, y] = [field(a), field(b)];
    const c = x < y ? -1 : x > y ? 1 : a.id - b.id;
    return desc ? -c : c;
  });
}
