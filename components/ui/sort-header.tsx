import Link from "next/link";
import type { ReactNode } from "react";
import { cx } from "./cx";

export type SortDirection = "asc" | "desc";

/** A column header: sortable when it has a `key` (first click sorts `first`, default ascending). */
export interface SortColumn {
  label: ReactNode;
  key?: string;
  first?: SortDirection;
}

/**
 * The href of a list sorted by `sort` in `dir`, keeping the other search params but not the
 * position (page number or cursor): a new order starts at its first page.
 */
export function sortHref(basePath: string, params: Record<string, string | undefined>, sort: string, dir: SortDirection, positionKeys: readonly string[] = ["page"]): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v && k !== "sort" && k !== "dir" && !positionKeys.includes(k)) q.set(k, v);
  q.set("sort", sort);
  q.set("dir", dir);
  return `${basePath}?${q.toString()}`;
}

/**
 * The header row of a table sorted on the server: each sortable header is a link (so it works
 * without JavaScript and from the keyboard) to the same list in the next order, and the sorted
 * column carries `aria-sort` (only that one, as the ARIA practices advise).
 */
export function SortableTHead({
  columns,
  sort,
  dir,
  basePath,
  params,
  positionKeys,
  dense = false,
}: {
  columns: SortColumn[];
  sort: string;
  dir: SortDirection;
  basePath: string;
  params: Record<string, string | undefined>;
  positionKeys?: readonly string[];
  dense?: boolean;
}) {
  return (
    <thead>
      <tr className="border-b border-slate-300 text-left">
        {columns.map((c, i) => {
          const active = c.key !== undefined && c.key === sort;
          const next: SortDirection = active ? (dir === "asc" ? "desc" : "asc") : (c.first ?? "asc");
          return (
            <th key={c.key ?? i} scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined} className={cx("align-bottom font-semibold", dense ? "p-1" : "p-2")}>
              {c.key === undefined ? (
                c.label
              ) : (
                <Link href={sortHref(basePath, params, c.key, next, positionKeys)} className="inline-flex items-center gap-1 text-blue-800 underline underline-offset-2 hover:text-blue-950" data-testid={`sort-${c.key}`}>
                  {c.label}
                  <span aria-hidden="true" className="text-xs no-underline">{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
                  <span className="sr-only">, sort {next === "asc" ? "ascending" : "descending"}</span>
                </Link>
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
