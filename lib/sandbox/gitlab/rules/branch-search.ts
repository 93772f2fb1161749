/**
 * The `search` parameter of GET /projects/:id/repository/branches (branches.md): case-insensitive
 * substring, `^term` for a prefix, `term$` for a suffix, `^term$` for the exact name.
 */
export function branchSearchMatches(name: string, search: string): boolean {
  let term = search.toLowerCase();
  const n = name.toLowerCase();
  const anchoredStart = term.startsWith("^");
  const anchoredEnd = term.endsWith("$");
  if (anchoredStart) term = term.slice(1);
  if (anchoredEnd) term = term.slice(0, -1);
  if (anchoredStart && anchoredEnd) return n === term;
  if (anchoredStart) return n.startsWith(term);
  if (anchoredEnd) return n.endsWith(term);
  return n.includes(term);
}
