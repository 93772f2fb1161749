/**
 * Where to go after sign-in: only a same-origin path, never another origin (open redirect).
 *
 * Browsers strip tabs and newlines from URLs and treat `\` like `/`, so `/\t/evil.example` or
 * `/\evil.example` become `//evil.example` — another site. And a redirect header cannot carry
 * control characters or raw non-ASCII at all (Node refuses it: a 500). So a path is followed only
 * when every character is printable ASCII, it is not protocol-relative, holds no backslash and no
 * percent-encoded slash, backslash or control character, and resolving it keeps the origin.
 * Anything else goes to `/`.
 */
const MAX_LENGTH = 2048;
const PROBE_ORIGIN = "http://trustmap.invalid";

function printableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/** `%2f`, `%5c` and `%00`–`%1f`, `%7f`: encodings a later decode could turn into a way off-site. */
function hasDangerousEscape(value: string): boolean {
  for (let i = value.indexOf("%"); i !== -1; i = value.indexOf("%", i + 1)) {
    const hex = value.slice(i + 1, i + 3).toLowerCase();
    if (hex === "2f" || hex === "5c" || hex === "7f" || hex[0] === "0" || hex[0] === "1") return true;
  }
  return false;
}

export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  if (!printableAscii(value) || hasDangerousEscape(value)) return "/";
  try {
    if (new URL(value, PROBE_ORIGIN).origin !== PROBE_ORIGIN) return "/";
  } catch {
    return "/";
  }
  return value;
}
