/**
 * Page numbers of a paginated list, shared by the services that clamp a requested page and the
 * pager that shows the position, so both agree and neither shows an impossible one. Pure.
 */

/** The last page of `total` rows (1 when there are none: an empty list still has its page 1). */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Where a page is: always within 1…pages, whatever page was asked for. */
export function pagePosition(page: number, total: number, pageSize: number): { page: number; pages: number } {
  const pages = lastPage(total, pageSize);
  return { page: Math.min(Math.max(1, Math.trunc(page) || 1), pages), pages };
}
