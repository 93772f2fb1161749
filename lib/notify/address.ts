/**
 * SSRF guard for webhooks: is an IP address one trustmap may send to from inside its network?
 * Pure. Only public unicast addresses pass; loopback, private (RFC 1918), carrier-grade NAT,
 * link-local (169.254.0.0/16 holds the cloud metadata services), unique-local, unspecified,
 * multicast, documentation and reserved ranges are refused, and so are IPv6 forms that carry an
 * IPv4 address (IPv4-mapped, IPv4-translated, NAT64, 6to4) when the IPv4 address inside would be
 * refused. Registries: https://www.iana.org/assignments/iana-ipv4-special-registry and
 * https://www.iana.org/assignments/iana-ipv6-special-registry.
 *
 * Our own parser rather than node:net's BlockList: a refusal must say which range matched, and
 * BlockList neither names the matching rule nor unwraps NAT64 or 6to4 addresses. Input is what
 * DNS answers or a URL's host after WHATWG parsing, which already turns decimal, octal and hex
 * IPv4 forms (`2130706433`, `0177.0.0.1`, `0x7f.1`) into dotted quads; the parser here accepts
 * only canonical dotted quads, so anything else is not an IP address to it (and gets resolved).
 */

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Four decimal octets, no leading zeros (`010` is octal to some parsers and decimal to others). */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

/** Sixteen bytes, from any RFC 4291 text form (`::`, a trailing dotted quad, a `%zone`, `[brackets]`). */
export function parseIPv6(input: string): number[] | null {
  let text = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(":")) return null;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    text = `${text.slice(0, lastColon + 1)}0:0`; // two placeholder groups, replaced below
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

interface Range {
  bytes: number[];
  bits: number;
  reason: string;
}

const v4 = (cidr: string, reason: string): Range => {
  const [ip, bits] = cidr.split("/");
  return { bytes: parseIPv4(ip!)!, bits: Number(bits), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [ip, bits] = cidr.split("/");
  return { bytes: parseIPv6(ip!)!, bits: Number(bits), reason };
};

function inRange(bytes: readonly number[], r: Range): boolean {
  if (bytes.length !== r.bytes.length) return false;
  for (let bit = 0; bit < r.bits; bit += 8) {
    const take = Math.min(8, r.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (r.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

const IPV4_REFUSED: Range[] = [
  v4("0.0.0.0/8", "unspecified (\"this network\")"),
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link-local (cloud metadata services live here)"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "IETF protocol assignments"),
  v4("192.0.2.0/24", "documentation"),
  v4("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "benchmarking"),
  v4("198.51.100.0/24", "documentation"),
  v4("203.0.113.0/24", "documentation"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved (or broadcast)"),
];

/** IPv6 ranges whose low 32 bits are an IPv4 address that decides the verdict. */
const IPV6_EMBEDDING: Range[] = [
  v6("::ffff:0:0/96", "IPv4-mapped"),
  v6("::ffff:0:0:0/96", "IPv4-translated"),
  v6("64:ff9b::/96", "NAT64"),
];

const IPV6_REFUSED: Range[] = [
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("::/96", "IPv4-compatible (deprecated)"),
  v6("64:ff9b:1::/48", "local-use NAT64"),
  v6("100::/64", "discard-only"),
  v6("2001::/32", "Teredo tunnel"),
  v6("2001:db8::/32", "documentation"),
  v6("2001::/23", "IETF protocol assignments"),
  v6("3fff::/20", "documentation"),
  v6("fc00::/7", "unique-local"),
  v6("fe80::/10", "link-local"),
  v6("fec0::/10", "site-local (deprecated)"),
  v6("ff00::/8", "multicast"),
];

const GLOBAL_UNICAST = v6("2000::/3", "global unicast");
const SIX_TO_FOUR = v6("2002::/16", "6to4");

function classify4(bytes: number[]): AddressVerdict {
  const hit = IPV4_REFUSED.find((r) => inRange(bytes, r));
  return hit ? { allowed: false, reason: hit.reason } : { allowed: true };
}

function classify6(bytes: number[]): AddressVerdict {
  const embedding = IPV6_EMBEDDING.find((r) => inRange(bytes, r));
  if (embedding) return within(embedding.reason, classify4(bytes.slice(12, 16)));
  if (inRange(bytes, SIX_TO_FOUR)) return within("6to4", classify4(bytes.slice(2, 6)));
  const hit = IPV6_REFUSED.find((r) => inRange(bytes, r));
  if (hit) return { allowed: false, reason: hit.reason };
  return inRange(bytes, GLOBAL_UNICAST) ? { allowed: true } : { allowed: false, reason: "reserved (not global unicast)" };
}

function within(form: string, inner: AddressVerdict): AddressVerdict {
  return inner.allowed ? inner : { allowed: false, reason: `${form} form of a ${inner.reason} IPv4 address` };
}

/** Is `address` an IP literal (IPv4 dotted quad, or IPv6 with or without brackets)? */
export function isIpLiteral(address: string): boolean {
  return parseIPv4(address) !== null || parseIPv6(address) !== null;
}

/** May a webhook be sent to this IP address? Anything that is not an IP address is refused. */
export function classifyAddress(address: string): AddressVerdict {
  const four = parseIPv4(address);
  if (four) return classify4(four);
  const six = parseIPv6(address);
  if (six) return classify6(six);
  return { allowed: false, reason: "not an IP address" };
}

/**
 * The verdict on every address a host resolved to: all must be allowed (an attacker who controls
 * DNS could otherwise list a public address beside a private one), unless private targets are
 * allowed explicitly.
 */
export function checkResolved(host: string, addresses: readonly string[], allowPrivate: boolean): AddressVerdict {
  if (addresses.length === 0) return { allowed: false, reason: `${host} did not resolve to any address` };
  if (allowPrivate) return { allowed: true };
  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (!verdict.allowed) {
      const what = host === address ? `${address} is ${verdict.reason}` : `${host} resolves to ${address}, which is ${verdict.reason}`;
      return { allowed: false, reason: `${what}; set TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS=1 to allow private targets` };
    }
  }
  return { allowed: true };
}
