import type { AccessKeyLastUsed as SdkAccessKeyLastUsed, AccessKeyMetadata, Role, Tag } from "@aws-sdk/client-iam";
import { AppError } from "@/lib/errors";
import { decodePolicyDocument } from "./policy-document";
import type { AccessKeyLastUsed, AccessKeySummary, IamRole, IamTags } from "./port";

/** SDK shapes → our plain types. The SDK marks every member optional; IAM always sends these. */

export function roleFromSdk(role: Role): IamRole {
  const name = required(role.RoleName, "RoleName");
  return {
    arn: required(role.Arn, "Arn"),
    name,
    path: role.Path ?? "/",
    roleId: required(role.RoleId, "RoleId"),
    createDate: role.CreateDate ?? new Date(0),
    trustPolicy: decodePolicyDocument(required(role.AssumeRolePolicyDocument, "AssumeRolePolicyDocument"), { roleName: name }),
    maxSessionDuration: role.MaxSessionDuration,
    description: role.Description,
    tags: role.Tags && tagsFromSdk(role.Tags),
  };
}

export function tagsFromSdk(tags: readonly Tag[] | undefined): IamTags {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}

export function tagsToSdk(tags: IamTags): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function accessKeyFromSdk(key: AccessKeyMetadata, userName: string): AccessKeySummary {
  return {
    accessKeyId: required(key.AccessKeyId, "AccessKeyId"),
    userName: key.UserName ?? userName,
    status: key.Status ?? "Unknown",
    createDate: key.CreateDate,
  };
}

export function lastUsedFromSdk(userName: string | undefined, used: SdkAccessKeyLastUsed | undefined): AccessKeyLastUsed {
  // A never-used key comes back with ServiceName and Region "N/A" and no date.
  const known = (v: string | undefined) => (v === undefined || v === "N/A" ? undefined : v);
  return {
    userName,
    lastUsedDate: used?.LastUsedDate,
    serviceName: known(used?.ServiceName),
    region: known(used?.Region),
  };
}

export function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) {
    throw new AppError("UPSTREAM", "AWS IAM returned an incomplete response.", { details: { reason: "MISSING_FIELD", field } });
  }
  return value;
}
