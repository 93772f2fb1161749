import { describe, expect, it } from "vitest";
import { checkResolved, classifyAddress, isIpLiteral, parseIPv4, parseIPv6 } from "@/lib/notify/address";

/** Where the URL parser leaves a webhook URL's host (decimal/octal/hex IPv4 forms become dotted quads). */
const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, "");

const REFUSED: [address: string, reason: RegExp][] = [
  ["127.0.0.1", /loopback/],
  ["127.255.255.254", /loopback/],
  ["10.0.0.1", /private/],
  ["172.16.0.1", /private/],
  ["172.31.255.255", /private/],
  ["192.168.1.10", /private/],
  ["169.254.169.254", /link-local/],
  ["169.254.0.1", /link-local/],
  ["100.64.0.1", /carrier-grade NAT/],
  ["0.0.0.0", /unspecified/],
  ["0.1.2.3", /unspecified/],
  ["224.0.0.1", /multicast/],
  ["255.255.255.255", /broadcast/],
  ["240.0.0.1", /reserved/],
  ["192.0.2.5", /documentation/],
  ["198.18.0.1", /benchmarking/],
  ["192.0.0.170", /IETF/],
  ["::", /unspecified/],
  ["::1", /loopback/],
  ["0:0:0:0:0:0:0:1", /loopback/],
  ["fe80::1", /link-local/],
  ["fe80::1%eth0", /link-local/],
  ["febf:ffff::1", /link-local/],
  ["fc00::1", /unique-local/],
  ["fd00:ec2::254", /unique-local/],
  ["ff02::1", /multicast/],
  ["fec0::1", /site-local/],
  ["::ffff:127.0.0.1", /IPv4-mapped form of a loopback/],
  ["::ffff:7f00:1", /IPv4-mapped form of a loopback/],
  ["::ffff:a9fe:a9fe", /IPv4-mapped form of a link-local/],
  ["::FFFF:10.1.2.3", /IPv4-mapped form of a private/],
  ["::ffff:0:192.168.0.1", /IPv4-translated form of a private/],
  ["64:ff9b::7f00:1", /NAT64 form of a loopback/],
  ["64:ff9b::169.254.169.254", /NAT64 form of a link-local/],
  ["64:ff9b:1::1", /local-use NAT64/],
  ["2002:7f00:1::", /6to4 form of a loopback/],
  ["2002:c0a8:0101::1", /6to4 form of a private/],
  ["::127.0.0.1", /IPv4-compatible/],
  ["::8.8.8.8", /IPv4-compatible/],
  ["2001:db8::1", /documentation/],
  ["2001::1", /Teredo/],
  ["100::1", /discard/],
  ["3fff::1", /documentation/],
  ["4000::1", /not global unicast/],
  ["[::1]", /loopback/],
];

const ALLOWED = ["93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "169.253.255.255", "192.169.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1", "[2606:4700::1]"];

describe("which addresses a webhook may reach", () => {
  it.each(REFUSED)("%s is refused (%s)", (address, reason) => {
    const verdict = classifyAddress(address);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason).toMatch(reason);
  });

  it.each(ALLOWED)("%s is a public address", (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it.each([
    ["http://2130706433/hook", "127.0.0.1"],
    ["http://0177.0.0.1/hook", "127.0.0.1"],
    ["http://0x7f.1/hook", "127.0.0.1"],
    ["http://0x7f000001/hook", "127.0.0.1"],
    ["http://127.1/hook", "127.0.0.1"],
    ["http://0/hook", "0.0.0.0"],
    ["http://2852039166/latest/meta-data", "169.254.169.254"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"],
    ["http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe"],
  ])("the URL parser turns %s into %s, which is refused", (url, host) => {
    expect(hostOf(url)).toBe(host);
    expect(classifyAddress(hostOf(url)).allowed).toBe(false);
  });

  it("only canonical dotted quads are IPv4 to the classifier (other forms get resolved, then checked)", () => {
    expect(parseIPv4("127.0.0.1")).toEqual([127, 0, 0, 1]);
    for (const odd of ["0177.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "1.2.3.256", "1.2.3.4.5", "", "1..2.3", " 1.2.3.4"]) expect(parseIPv4(odd)).toBeNull();
    expect(classifyAddress("0177.0.0.1")).toEqual({ allowed: false, reason: "not an IP address" });
  });

  it("parses every IPv6 text form to the same bytes", () => {
    const loopback = [...Array<number>(15).fill(0), 1];
    expect(parseIPv6("::1")).toEqual(loopback);
    expect(parseIPv6("0:0:0:0:0:0:0:1")).toEqual(loopback);
    expect(parseIPv6("0000:0000:0000:0000:0000:0000:0000:0001")).toEqual(loopback);
    expect(parseIPv6("::ffff:127.0.0.1")).toEqual(parseIPv6("::ffff:7f00:1"));
    for (const bad of ["1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "12345::", "::g", "1:2:3:4:5:6:7", "::1.2.3", "example.com"]) expect(parseIPv6(bad)).toBeNull();
    expect(isIpLiteral("hooks.slack.com")).toBe(false);
    expect(isIpLiteral("[::1]")).toBe(true);
  });

  it("a host is refused when any address it resolves to is refused, and says which", () => {
    expect(checkResolved("hooks.example.com", ["93.184.215.14"], false)).toEqual({ allowed: true });
    const mixed = checkResolved("rebind.example", ["93.184.215.14", "127.0.0.1"], false);
    expect(mixed).toMatchObject({ allowed: false, reason: expect.stringMatching(/^rebind\.example resolves to 127\.0\.0\.1, which is loopback; set TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS=1/) });
    expect(checkResolved("nowhere.example", [], true)).toMatchObject({ allowed: false });
  });

  it("TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS lets private targets through", () => {
    expect(checkResolved("localhost", ["127.0.0.1", "::1"], true)).toEqual({ allowed: true });
    expect(checkResolved("localhost", ["127.0.0.1", "::1"], false).allowed).toBe(false);
  });
});
