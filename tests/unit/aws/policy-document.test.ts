import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodePolicyDocument, encodePolicyDocument } from "@/lib/aws/policy-document";

const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Condition":{"StringLike":{"gitlab.com:sub":"project_path:g/p:ref_type:branch:ref:a+b c"}}}]}';

describe("decodePolicyDocument", () => {
  it.each([
    ["plain JSON (moto's ListRoles)", doc],
    ["RFC 3986 encoding (real IAM)", encodePolicyDocument(doc)],
    ["Python quote() with '/' kept (moto's GetRole)", encodeURIComponent(doc).replace(/%2F/g, "/")],
    ["a '+' left unencoded, which RFC 3986 allows", encodeURIComponent(doc).replace(/%2B/g, "+")],
  ])("decodes %s to the original text", (_shape, raw) => {
    const decoded = decodePolicyDocument(raw);

    expect(decoded.text).toBe(doc);
    expect(decoded.parsed).toEqual(JSON.parse(doc));
  });

  it("never turns '+' into a space, unlike form decoding", () => {
    expect(decodePolicyDocument("%7B%22ref%22%3A%22a+b%22%7D").parsed).toEqual({ ref: "a+b" });
  });

  it("keeps whitespace and key order as stored", () => {
    const pretty = JSON.stringify(JSON.parse(doc), null, 4);

    expect(decodePolicyDocument(encodePolicyDocument(pretty)).text).toBe(pretty);
  });

  it("does not decode a plain document that contains percent signs", () => {
    const withPercent = '{"Sid":"100%25 sure"}';

    expect(decodePolicyDocument(withPercent).parsed).toEqual({ Sid: "100%25 sure" });
  });

  it.each([
    ["text that is neither JSON nor encoded JSON", "not a policy"],
    ["a broken percent sequence", "%7B%22a%22%3A%E0%A4%A%7D"],
    ["a JSON array", "%5B1%2C2%5D"],
    ["a JSON string", '"policy"'],
    ["an empty document", ""],
  ])("rejects %s as an UPSTREAM error naming the role", (_case, raw) => {
    let caught: unknown;
    try {
      decodePolicyDocument(raw, { roleName: "deploy" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: "UPSTREAM", details: { reason: "UNDECODABLE_POLICY_DOCUMENT", roleName: "deploy" } });
  });

  it("round-trips any JSON object, encoded or not", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const text = JSON.stringify(value);
        expect(decodePolicyDocument(text).text).toBe(text);
        expect(decodePolicyDocument(encodePolicyDocument(text)).text).toBe(text);
      }),
    );
  });
});

describe("encodePolicyDocument", () => {
  it("percent-encodes every RFC 3986 reserved character, including ! ' ( ) *", () => {
    expect(encodePolicyDocument(`{"a":"!'()* +/"}`)).toBe("%7B%22a%22%3A%22%21%27%28%29%2A%20%2B%2F%22%7D");
  });
});
