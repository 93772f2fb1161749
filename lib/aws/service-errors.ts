/**
 * SDK errors of the S3, SQS and CloudTrail calls usage evidence makes → AppErrors naming the
 * service, the call and AWS's error code ("S3 ListObjectsV2 of s3://logs/AWSLogs/ failed:
 * AccessDenied"). The classification (throttling, credentials, codes) is toAppError's; only the
 * message differs, because toAppError's messages speak of IAM.
 */
import { AppError } from "@/lib/errors";
import { toAppError } from "./sdk-errors";

export function awsServiceError(error: unknown, what: string): AppError {
  const base = toAppError(error, what);
  const awsCode = typeof base.details?.awsCode === "string" ? base.details.awsCode : "Unknown";
  const message =
    base.code === "CONFIG" ? `${what} failed: trustmap has no AWS credentials for it (configure the AWS SDK's default credential chain).` : `${what} failed: ${awsCode}.`;
  return new AppError(base.code, message, { cause: error, details: base.details });
}
