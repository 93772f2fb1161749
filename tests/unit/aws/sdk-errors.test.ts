import {
  ConcurrentModificationException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  ServiceFailureException,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";
import { toAppError } from "@/lib/aws/sdk-errors";

const $metadata = { requestId: "req-1", httpStatusCode: 400, attempts: 1 };
const generic = (name: string, message = "m") => new IAMServiceException({ name, $fault: "client", message, $metadata });

describe("toAppError", () => {
  it.each<[string, unknown, ErrorCode, string]>([
    ["NoSuchEntity", new NoSuchEntityException({ message: "The role with name x cannot be found.", $metadata }), "NOT_FOUND", "NoSuchEntity"],
    ["MalformedPolicyDocument", new MalformedPolicyDocumentException({ message: "Invalid principal", $metadata }), "BAD_INPUT", "MalformedPolicyDocument"],
    ["InvalidInput", new InvalidInputException({ message: "bad", $metadata }), "BAD_INPUT", "InvalidInput"],
    ["ValidationError (not modelled by the SDK)", generic("ValidationError"), "BAD_INPUT", "ValidationError"],
    ["EntityAlreadyExists", new EntityAlreadyExistsException({ message: "exists", $metadata }), "CONFLICT", "EntityAlreadyExists"],
    ["ConcurrentModification", new ConcurrentModificationException({ message: "busy", $metadata }), "CONFLICT", "ConcurrentModification"],
    ["Throttling after retries", generic("Throttling", "Rate exceeded"), "THROTTLED", "Throttling"],
    ["a wire-shaped ThrottlingException", { name: "ThrottlingException", Code: "ThrottlingException", $metadata }, "THROTTLED", "Throttling"],
    ["ServiceFailure", new ServiceFailureException({ message: "internal", $metadata }), "UPSTREAM", "ServiceFailure"],
    ["AccessDenied (AWS refused trustmap, not the user)", generic("AccessDenied"), "UPSTREAM", "AccessDenied"],
    ["missing credentials", Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), "CONFIG", "CredentialsProviderError"],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "UPSTREAM", "ECONNREFUSED"],
    ["a thrown string", "boom", "UPSTREAM", "Unknown"],
  ])("maps %s", (_case, error, code, awsCode) => {
    const mapped = toAppError(error, "GetRole");

    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.code).toBe(code);
    expect(mapped.details).toMatchObject({ awsCode, operation: "GetRole" });
    expect(mapped.cause).toBe(error);
  });

  it("keeps the AWS request id, HTTP status and attempts in the details", () => {
    const mapped = toAppError(new NoSuchEntityException({ message: "gone", $metadata: { requestId: "abc-123", httpStatusCode: 404, attempts: 2 } }), "GetRole");

    expect(mapped.details).toMatchObject({ requestId: "abc-123", httpStatus: 404, attempts: 2 });
  });

  it("names the trust-policy size quota as reason ACLSizePerRole", () => {
    const mapped = toAppError(
      new LimitExceededException({ message: "Cannot exceed quota for ACLSizePerRole: 2048", $metadata }),
      "UpdateAssumeRolePolicy",
    );

    expect(mapped).toMatchObject({ code: "BAD_INPUT", details: { reason: "ACLSizePerRole" } });
    expect(mapped.userMessage).toMatch(/trust policy is longer/);
  });

  it("names other quotas by their quota name", () => {
    const mapped = toAppError(
      new LimitExceededException({ message: "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100", $metadata }),
      "CreateOpenIDConnectProvider",
    );

    expect(mapped.details?.reason).toBe("OpenIdConnectProvidersPerAccount");
  });

  it("shows AWS's explanation for rejected input but not for server-side failures", () => {
    expect(toAppError(new MalformedPolicyDocumentException({ message: "Invalid principal in policy", $metadata }), "UpdateAssumeRolePolicy").userMessage)
      .toContain("Invalid principal in policy");
    expect(toAppError(new ServiceFailureException({ message: "stack trace at host-17", $metadata }), "GetRole").userMessage)
      .not.toContain("host-17");
  });

  it("passes an AppError through unchanged", () => {
    const original = new AppError("BAD_INPUT", "no");

    expect(toAppError(original, "GetRole")).toBe(original);
  });
});
