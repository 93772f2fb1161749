import { AppError, isAppError, type ErrorCode } from "@/lib/errors";

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
]);

const CODE_BY_AWS_CODE: Record<string, ErrorCode> = {
  NoSuchEntity: "NOT_FOUND",
  MalformedPolicyDocument: "BAD_INPUT",
  InvalidInput: "BAD_INPUT",
  ValidationError: "BAD_INPUT",
  // Quotas (trust-policy size, providers per account…) can't be retried away; the input must change.
  LimitExceeded: "BAD_INPUT",
  EntityAlreadyExists: "CONFLICT",
  ConcurrentModification: "CONFLICT",
  CredentialsProviderError: "CONFIG",
};

interface SdkErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown; attempts?: unknown };
}

/**
 * Turn whatever the AWS SDK threw into an `AppError`. AWS messages are repeated to the user only
 * for rejected input (they explain what to fix); other failures get a generic message, and the
 * raw error stays in `cause` for the server log.
 */
export function toAppError(error: unknown, operation: string): AppError {
  if (isAppError(error)) return error;
  const e: SdkErrorShape = typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};
  // Network failures arrive as plain Errors whose `code` (ECONNREFUSED…) is the useful part.
  const name = e.name === "Error" ? undefined : e.name;
  const awsCode = (firstString(e.Code, name, e.code) ?? "Unknown").replace(/Exception$/, "");
  const message = firstString(e.message) ?? "";
  const code: ErrorCode = THROTTLING_CODES.has(awsCode) || THROTTLING_CODES.has(`${awsCode}Exception`)
    ? "THROTTLED"
    : (CODE_BY_AWS_CODE[awsCode] ?? "UPSTREAM");

  const details: Record<string, unknown> = {
    operation,
    awsCode,
    requestId: typeof e.$metadata?.requestId === "string" ? e.$metadata.requestId : undefined,
    httpStatus: e.$metadata?.httpStatusCode,
    attempts: e.$metadata?.attempts,
  };
  if (awsCode === "LimitExceeded") {
    // Real IAM: "Cannot exceed quota for ACLSizePerRole: 2048" — the trust policy is too long.
    details.reason = /quota for (\w+)/i.exec(message)?.[1] ?? "LimitExceeded";
  }
  return new AppError(code, userMessage(code, operation, message, details), { cause: error, details });
}

function userMessage(code: ErrorCode, operation: string, awsMessage: string, details: Record<string, unknown>): string {
  switch (code) {
    case "NOT_FOUND":
    case "BAD_INPUT":
    case "CONFLICT":
      if (details.reason === "ACLSizePerRole") return "The trust policy is longer than this account's IAM quota allows.";
      return `AWS IAM rejected ${operation}: ${awsMessage || String(details.awsCode)}`;
    case "THROTTLED":
      return "AWS IAM is throttling requests; try again in a minute.";
    case "CONFIG":
      return "trustmap has no AWS credentials: configure the AWS SDK's default credential chain.";
    default:
      return `AWS IAM ${operation} failed (${String(details.awsCode)}).`;
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === "string" && v !== "");
}
