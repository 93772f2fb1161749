import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashAuditEvent, verifyChain, type StoredChainedEvent } from "@/lib/audit/chain";

function chain(n: number): StoredChainedEvent[] {
  const out: StoredChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: null, actorLabel: "system", action: "demo.seeded", resourceType: null, resourceId: null, data: { i, nested: { b: 2, a: 1 } } };
    const hash = hashAuditEvent(prev, content);
    out.push({ ...content, id: BigInt(i), prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe("audit hash chain", () => {
  it("verifies an untouched chain", () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
  });

  it("reports an edited event as the first broken link", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, actorLabel: "mallory" };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAtId: "3", checked: 2 });
  });

  it("reports a removed event at the event after the gap", () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAtId: "3" });
  });

  it("hashes data independently of key order", () => {
    const base = { at: new Date(0), actorId: null, actorLabel: "x", action: "a", resourceType: null, resourceId: null };
    expect(hashAuditEvent(GENESIS_HASH, { ...base, data: { a: 1, b: 2 } })).toBe(hashAuditEvent(GENESIS_HASH, { ...base, data: { b: 2, a: 1 } }));
    expect(hashAuditEvent(GENESIS_HASH, { ...base, data: { a: 1 } })).not.toBe(hashAuditEvent(GENESIS_HASH, { ...base, data: { a: 2 } }));
  });
});
