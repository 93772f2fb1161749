import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashAuditEvent, hmacAuditEvent, verifyChain, type HashAlg, type StoredChainedEvent } from "@/lib/audit/chain";

const KEY = "unit-test-audit-key-0123456789abcdef";

function content(i: number) {
  return { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: null, actorLabel: "system", action: "demo.seeded", resourceType: null, resourceId: null, data: { i, nested: { b: 2, a: 1 } } };
}

/** Events 1..n; `keyedFrom` is the first keyed one (n + 1: none). */
function chain(n: number, opts: { keyedFrom?: number; key?: string } = {}): StoredChainedEvent[] {
  const out: StoredChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const keyed = i >= (opts.keyedFrom ?? n + 1);
    const hashAlg: HashAlg = keyed ? "hmac-sha256" : "sha256";
    const hash = keyed ? hmacAuditEvent(opts.key ?? KEY, prev, content(i)) : hashAuditEvent(prev, content(i));
    out.push({ ...content(i), id: BigInt(i), prevHash: prev, hash, hashAlg });
    prev = hash;
  }
  return out;
}

/** Recompute every link from `from` on, as someone without the key would: plain SHA-256, or HMAC with another key. */
function rehash(events: StoredChainedEvent[], how: { alg: "sha256-labelled-as-is" | "sha256-labelled-sha256" | "wrong-key" }): StoredChainedEvent[] {
  let prev = GENESIS_HASH;
  return events.map((e) => {
    const hash = how.alg === "wrong-key" ? hmacAuditEvent("an-attacker-guessed-key-0000000000", prev, e) : hashAuditEvent(prev, e);
    const out = { ...e, prevHash: prev, hash, hashAlg: how.alg === "sha256-labelled-sha256" ? "sha256" : e.hashAlg };
    prev = hash;
    return out;
  });
}

describe("audit hash chain", () => {
  it("verifies an untouched chain", () => {
    expect(verifyChain(chain(5), { key: KEY })).toEqual({ ok: true, checked: 5 });
  });

  it("reports an edited event as the first broken link", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, actorLabel: "mallory" };
    expect(verifyChain(events, { key: KEY })).toMatchObject({ ok: false, brokenAtId: "3", checked: 2 });
  });

  it("reports a removed event at the event after the gap", () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyChain(events, { key: KEY })).toMatchObject({ ok: false, brokenAtId: "3" });
  });

  it("hashes data independently of key order", () => {
    const base = { at: new Date(0), actorId: null, actorLabel: "x", action: "a", resourceType: null, resourceId: null };
    expect(hashAuditEvent(GENESIS_HASH, { ...base, data: { a: 1, b: 2 } })).toBe(hashAuditEvent(GENESIS_HASH, { ...base, data: { b: 2, a: 1 } }));
    expect(hashAuditEvent(GENESIS_HASH, { ...base, data: { a: 1 } })).not.toBe(hashAuditEvent(GENESIS_HASH, { ...base, data: { a: 2 } }));
    expect(hmacAuditEvent(KEY, GENESIS_HASH, { ...base, data: { a: 1, b: 2 } })).toBe(hmacAuditEvent(KEY, GENESIS_HASH, { ...base, data: { b: 2, a: 1 } }));
  });
});

describe("keyed audit chain (HMAC-SHA256 with a key outside the database)", () => {
  it("verifies a keyed chain with its key, and a keyed link is not the plain SHA-256 of the same content", () => {
    const events = chain(4, { keyedFrom: 1 });
    expect(verifyChain(events, { key: KEY })).toEqual({ ok: true, checked: 4 });
    expect(events[0]!.hash).not.toBe(hashAuditEvent(GENESIS_HASH, content(1)));
  });

  it("fails on the first event when verified with another key", () => {
    expect(verifyChain(chain(4, { keyedFrom: 1 }), { key: "another-key-that-is-long-enough-000" })).toMatchObject({ ok: false, brokenAtId: "1", checked: 0, reason: expect.stringMatching(/AUDIT_KEY/) });
  });

  it("keeps verifying unkeyed links written before the chain was keyed, followed by keyed ones", () => {
    expect(verifyChain(chain(6, { keyedFrom: 4 }), { key: KEY })).toEqual({ ok: true, checked: 6 });
  });

  it("refuses an unkeyed link after a keyed one (a downgrade is tampering)", () => {
    const events = chain(5, { keyedFrom: 2 });
    // Event 4 rewritten and re-linked with plain SHA-256, labelled as such; event 5 re-linked onto it.
    const forged = { ...events[3]!, actorLabel: "mallory" };
    forged.hashAlg = "sha256";
    forged.hash = hashAuditEvent(forged.prevHash, forged);
    const next = { ...events[4]!, prevHash: forged.hash };
    expect(verifyChain([...events.slice(0, 3), forged, next], { key: KEY })).toMatchObject({ ok: false, brokenAtId: "4", reason: expect.stringMatching(/unkeyed link after keyed/) });
  });

  it.each([
    ["plain SHA-256, algorithm label left as keyed", "sha256-labelled-as-is"],
    ["HMAC with a wrong key", "wrong-key"],
  ] as const)("detects a rewritten event when the whole chain is re-linked without the key (%s)", (_what, alg) => {
    const events = chain(5, { keyedFrom: 1 });
    events[2] = { ...events[2]!, data: { i: 999 } };
    expect(verifyChain(rehash(events, { alg }), { key: KEY })).toMatchObject({ ok: false, brokenAtId: "1" });
  });

  it("a whole chain relabelled as unkeyed and re-linked with SHA-256 is consistent on its own: only a checkpoint shows it (see verification tests)", () => {
    const events = chain(5, { keyedFrom: 1 });
    events[2] = { ...events[2]!, data: { i: 999 } };
    expect(verifyChain(rehash(events, { alg: "sha256-labelled-sha256" }), { key: KEY })).toEqual({ ok: true, checked: 5 });
  });

  it("refuses an unknown algorithm label", () => {
    const events = chain(2);
    events[1] = { ...events[1]!, hashAlg: "md5" };
    expect(verifyChain(events, { key: KEY })).toMatchObject({ ok: false, brokenAtId: "2", reason: expect.stringMatching(/unknown link algorithm/) });
  });

  it("continues from a position (a checkpoint), keyed state included", () => {
    const events = chain(6, { keyedFrom: 2 });
    const from = { prevHash: events[2]!.hash, checked: 3, keyed: true };
    expect(verifyChain(events.slice(3), { key: KEY, from })).toEqual({ ok: true, checked: 6 });
    const downgraded = { ...events[3]!, hashAlg: "sha256" };
    downgraded.hash = hashAuditEvent(downgraded.prevHash, downgraded);
    expect(verifyChain([downgraded], { key: KEY, from })).toMatchObject({ ok: false, brokenAtId: "4" });
  });
});
