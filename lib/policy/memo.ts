/**
 * Memoise a pure function of one string: its result depends on the string alone, so a cached
 * answer is the answer. Planning thousands of roles asks the same questions about the same paths,
 * refs and actions over and over. Bounded: the cache is emptied when it reaches `max` entries,
 * and strings longer than `maxLength` are not kept. Results must be immutable values (strings,
 * booleans, null): callers share them.
 */
export function memoizeByString<T extends string | boolean | null>(fn: (text: string) => T, max = 20_000, maxLength = 512): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    const result = fn(text);
    if (typeof text === "string" && text.length <= maxLength) {
      if (cache.size >= max) cache.clear();
      cache.set(text, result);
    }
    return result;
  };
}
