/**
 * GitLab failures → our `AppError`, at the edge. GitLab's own message (field errors such as
 * `{"value": ["is invalid"]}`) is user-safe and is what tells a person what to fix, so it goes
 * into both `userMessage` and `details.gitlabMessage`.
 */
import { AppError } from "@/lib/errors";
import { GitLabHttpError, GitLabNetworkError } from "./requester";

/** GitLab's error bodies: `{"message": "..." | {field: [...]}}` (Grape/model) or `{"error": "..."}` (params, OAuth). */
export function gitlabMessageOf(body: unknown): unknown {
  if (body !== null && typeof body === "object") {
    const b = body as Record<string, unknown>;
    return b.message ?? b.error ?? body;
  }
  return body;
}

/** `{"value": ["is invalid"], "base": ["x"]}` → `value is invalid; x`. */
export function describeGitLabMessage(message: unknown): string {
  if (typeof message === "string") return message;
  if (message !== null && typeof message === "object" && !Array.isArray(message)) {
    return Object.entries(message as Record<string, unknown>)
      .flatMap(([field, msgs]) =>
        (Array.isArray(msgs) ? msgs : [msgs]).map((m) => (field === "base" ? String(m) : `${field} ${String(m)}`)),
      )
      .join("; ");
  }
  return JSON.stringify(message);
}

function isDuplicateKey(message: unknown): boolean {
  if (message === null || typeof message !== "object") return false;
  const key = (message as Record<string, unknown>).key;
  return Array.isArray(key) && key.some((m) => typeof m === "string" && m.endsWith("has already been taken"));
}

/** GitLab's 400 `{"message": {"key": ["(KEY) has already been taken"]}}`: the key+scope exists. */
export function isDuplicateKeyError(error: unknown): error is GitLabHttpError {
  return error instanceof GitLabHttpError && error.status === 400 && isDuplicateKey(gitlabMessageOf(error.body));
}

/** GitLab's 404 for a variable (not for its project or group): `{"message": "404 Variable Not Found"}`. */
export function isVariableNotFoundError(error: unknown): error is GitLabHttpError {
  return error instanceof GitLabHttpError && error.status === 404 && gitlabMessageOf(error.body) === "404 Variable Not Found";
}

/**
 * Maps a GitLab transport error to an `AppError`; anything else (a bug of ours) is returned
 * unchanged so it still surfaces as an internal error. `subject` names what was being done, e.g.
 * `variable ROLE_ARN (scope production) of project group/app`.
 */
export function toGitLabAppError(error: unknown, subject: string): unknown {
  if (error instanceof GitLabNetworkError) {
    return new AppError("UPSTREAM", `${error.message} (${subject}).`, { cause: error });
  }
  if (!(error instanceof GitLabHttpError)) return error;

  const gitlabMessage = gitlabMessageOf(error.body);
  const text = describeGitLabMessage(gitlabMessage);
  const details: Record<string, unknown> = { status: error.status, method: error.method, path: error.path, gitlabMessage, requestId: error.requestId ?? null };
  const options = { cause: error, details };
  switch (error.status) {
    case 400:
    case 422:
      if (isDuplicateKey(gitlabMessage)) return new AppError("CONFLICT", `GitLab already has ${subject}.`, options);
      return new AppError("BAD_INPUT", `GitLab rejected ${subject}: ${text}.`, options);
    case 401:
      return new AppError("UNAUTHENTICATED", "GitLab rejected the API token. Check the token in Settings.", options);
    case 403:
      return new AppError("FORBIDDEN", `The GitLab token is not allowed to access ${subject}.`, options);
    case 404:
      return new AppError("NOT_FOUND", `GitLab has no ${subject} (${text}).`, options);
    case 409:
      return new AppError("CONFLICT", `GitLab could not single out ${subject}: ${text}.`, options);
    case 429:
      details.retryAfterSeconds = error.retryAfterSeconds;
      return new AppError("THROTTLED", "GitLab is rate limiting requests. Try again in a moment.", options);
    default:
      return new AppError("UPSTREAM", `GitLab failed with HTTP ${error.status} on ${subject}.`, options);
  }
}
