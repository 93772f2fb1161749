import Link from "next/link";
import type { ReactNode } from "react";
import { pagePosition } from "@/lib/paging";
import { buttonClass } from "./button";

/** One step of a pager: a link when there is somewhere to go, else plain text that says so. */
function Step({ href, children, otherwise }: { href: string | null; children: ReactNode; otherwise: ReactNode }) {
  if (href) return <Link href={href} className={buttonClass("secondary", "xs", "text-sm")}>{children}</Link>;
  // Readable grey (slate-600 is 7:1 on white), not a faded slate-400 that fails contrast.
  return otherwise === null ? null : <span className="px-2 py-1 text-slate-600">{otherwise}</span>;
}

export interface PagerLabels {
  previous?: ReactNode;
  next?: ReactNode;
  /** Shown instead of the link when there is no previous/next page; null shows nothing. */
  noPrevious?: ReactNode | null;
  noNext?: ReactNode | null;
}

/** Previous/next navigation; the caller builds the hrefs (page numbers or keyset cursors). */
export function Pager({ previous, next, labels = {}, children }: { previous: string | null; next: string | null; labels?: PagerLabels; children?: ReactNode }) {
  const prev = labels.previous ?? "← Previous";
  const nxt = labels.next ?? "Next →";
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <Step href={previous} otherwise={labels.noPrevious === undefined ? prev : labels.noPrevious}>{prev}</Step>
      {children ? <span className="tabular-nums">{children}</span> : null}
      <Step href={next} otherwise={labels.noNext === undefined ? nxt : labels.noNext}>{nxt}</Step>
    </nav>
  );
}

/** The href of page `page` of `basePath`, keeping the other search params (page 1 has no `page`). */
export function pageHref(basePath: string, params: Record<string, string | undefined>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v && k !== "page") q.set(k, v);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${basePath}?${s}` : basePath;
}

/**
 * Numbered previous/next over a list of `total` rows: "Page 2 of 7 · 320 mappings". The position
 * shown is clamped to 1…pages (the service clamps the rows it returns the same way).
 */
export function NumberedPager({ page, pageSize, total, noun, basePath, params }: { page: number; pageSize: number; total: number; noun: string; basePath: string; params: Record<string, string | undefined> }) {
  const at = pagePosition(page, total, pageSize);
  return (
    <Pager previous={at.page > 1 ? pageHref(basePath, params, at.page - 1) : null} next={at.page < at.pages ? pageHref(basePath, params, at.page + 1) : null}>
      Page {at.page} of {at.pages} · {total.toLocaleString("en")} {noun}
    </Pager>
  );
}
