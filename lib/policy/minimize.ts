/**
 * Minimal pattern sets: drop duplicates and every glob whose language is included in another
 * kept glob (exact inclusion test, so the allowed set never changes).
 */
import { canonicalGlob } from "./glob";
import { globIncludes } from "./glob-inclusion";

/** A minimal pattern set and what was dropped in favour of what. */
export interface Minimized {
  /** The kept patterns, sorted by code unit. */
  kept: string[];
  /** pattern → the kept pattern that covers it (duplicates and subsumed patterns). */
  dropped: Record<string, string>;
}

function byLengthThenText(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Deterministic for any input order: patterns are canonicalised (`**` → `*`), visited shortest
 * first, and a pattern is dropped when a kept one covers it; a newly kept pattern evicts the kept
 * ones it covers.
 */
export function minimizePatterns(patterns: readonly string[]): Minimized {
  const dropped: Record<string, string> = {};
  const unique = [...new Set(patterns.map(canonicalGlob))].sort(byLengthThenText);
  for (const original of patterns) {
    const canonical = canonicalGlob(original);
    if (canonical !== original) dropped[original] = canonical;
  }
  const kept: string[] = [];
  for (const pattern of unique) {
    const cover = kept.find((k) => globIncludes(pattern, k));
    if (cover !== undefined) {
      dropped[pattern] = cover;
      continue;
    }
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i] as string;
      if (globIncludes(k, pattern)) {
        dropped[k] = pattern;
        kept.splice(i, 1);
      }
    }
    kept.push(pattern);
  }
  for (const [pattern, cover] of Object.entries(dropped)) {
    let final = cover;
    while (dropped[final] !== undefined && dropped[final] !== final) final = dropped[final] as string;
    dropped[pattern] = final;
  }
  return { kept: kept.sort(), dropped };
}
