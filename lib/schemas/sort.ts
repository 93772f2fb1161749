import { z } from "zod";

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type TSortDirection = (typeof SORT_DIRECTIONS)[number];

/**
 * `sort` and `dir` from a list page's URL: only a whitelisted key reaches the query (anything
 * else falls back to the default, like the lists' other filters), and a direction.
 */
export function zSortFields<const K extends readonly [string, ...string[]]>(keys: K, fallback: { sort: K[number]; dir: TSortDirection }) {
  return {
    sort: z.enum(keys).catch(fallback.sort).default(fallback.sort),
    dir: z.enum(SORT_DIRECTIONS).catch(fallback.dir).default(fallback.dir),
  };
}
