/**
 * Database errors in words a user can act on. Constraints live in the database (see the
 * migrations); this turns their violations into AppErrors instead of stack traces.
 */
import { AppError } from "@/lib/errors";

/** What each named CHECK constraint means, in the words of the form that would have caught it. */
const CHECK_MESSAGES: Record<string, string> = {
  users_username_not_blank: "A username is required.",
  api_tokens_name_not_blank: "A token needs a name.",
  api_tokens_expiry_after_creation: "A token's expiry must be in the future.",
  api_tokens_hash_is_sha256: "Invalid token hash.",
  aws_accounts_account_id_12_digits: "An AWS account id is exactly 12 digits.",
  aws_accounts_issuer_is_https: "The GitLab issuer URL must be an https:// URL without query or fragment.",
  aws_accounts_has_audience: "An AWS account needs at least one audience (client id).",
  iam_roles_quota_allowed: "The trust policy quota must be 2048, 4096 or 8192 characters.",
  iam_roles_name_valid: "An IAM role name is 1-64 characters of letters, digits and +=,.@_-.",
  iam_roles_arn_format: "Not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>).",
  mappings_path_not_blank: "A GitLab group or project path is required.",
  mappings_ref_not_blank: "A ref or ref pattern is required.",
  mappings_audience_not_blank: "An audience is required.",
  mappings_justification_required: "A justification is required.",
  mappings_required_approvals_1_or_2: "A mapping needs one or two approvals.",
  mappings_risk_tier_known: "Unknown risk tier.",
  mappings_decision_has_reason: "Rejecting or revoking needs a reason.",
  mappings_import_recorded: "An imported mapping names who imported it and the statement it was read from; only an imported one does.",
  reconcile_operations_seq_non_negative: "Operation sequence numbers start at 0.",
  audit_events_hash_is_sha256: "Audit hashes must be SHA-256.",
  audit_events_hash_alg_known: "Unknown audit hash algorithm.",
  access_reviews_title_check: "An access review needs a title.",
  access_reviews_closed_check: "A closed access review records when it closed.",
  access_review_items_decision_check: "A review decision is whole: keep or revoke, a reason, who decided, when, and the evidence.",
  access_review_items_not_self_check: "Nobody certifies a mapping they requested.",
};

/** What each unique index protects, said as the conflict a user ran into. */
const UNIQUE_MESSAGES: Record<string, string> = {
  users_username_key: "A user with this username already exists.",
  users_gitlab_id_key: "This GitLab account is already linked to a trustmap user.",
  api_tokens_token_hash_key: "That token already exists; create a new one.",
  aws_accounts_account_id_key: "An AWS account with this account id is already connected.",
  iam_roles_arn_key: "A role with this ARN is already registered.",
  iam_roles_aws_account_id_name_key: "This account already has a registered role with that name.",
  reconcile_operations_run_id_seq_key: "That operation was already recorded.",
  audit_events_hash_key: "That audit event was already recorded.",
  project_access_methods_scan_id_project_path_key: "That project was already recorded in this scan.",
};

interface AdapterCause {
  code?: string;
  originalCode?: string;
  originalMessage?: string;
  message?: string;
  kind?: string;
  constraint?: { index?: string; fields?: string[] };
}

function causeOf(e: unknown): AdapterCause | null {
  const meta = (e as { meta?: { driverAdapterError?: { cause?: AdapterCause } } })?.meta;
  return meta?.driverAdapterError?.cause ?? null;
}

const CONSTRAINT_IN_MESSAGE = /constraint "([^"]+)"/;

function triggerMessage(cause: AdapterCause): string {
  const text = cause.originalMessage ?? cause.message ?? "";
  return text === "" ? "The database refused a value as invalid." : `The database refused the change: ${text}.`;
}

/** The AppError for a database error we understand, or null for anything else. */
export function dbErrorToAppError(e: unknown): AppError | null {
  const cause = causeOf(e);
  if (!cause) return null;
  const pgCode = cause.originalCode ?? cause.code;
  const constraint = cause.constraint?.index ?? CONSTRAINT_IN_MESSAGE.exec(cause.originalMessage ?? cause.message ?? "")?.[1];
  switch (pgCode) {
    case "23514":
      // A check violation without a constraint comes from one of our own triggers (e.g. no
      // self-approval), whose message is written for people.
      return new AppError("BAD_INPUT", constraint ? (CHECK_MESSAGES[constraint] ?? "The database refused a value as invalid.") : triggerMessage(cause), {
        cause: e,
        details: { constraint },
      });
    case "23505":
      return new AppError("CONFLICT", (constraint && UNIQUE_MESSAGES[constraint]) || "That already exists.", { cause: e, details: { constraint } });
    case "23503":
      return new AppError("BAD_INPUT", "It refers to something that does not exist or is still in use.", { cause: e, details: { constraint } });
    case "23502":
      return new AppError("BAD_INPUT", "A required value is missing.", { cause: e });
    case "42501":
      return new AppError("FORBIDDEN", cause.originalMessage ?? "The database refused the change.", { cause: e });
    default:
      return null;
  }
}
