/**
 * Typed errors. Only an `AppError` reaches a user verbatim (its `userMessage`); anything else
 * is logged with an event id and the user sees a generic message naming that id. A leaf: vendor
 * errors become AppErrors at their edge (lib/db/prisma.ts, lib/aws/sdk-errors.ts, lib/gitlab/errors.ts).
 */

export type ErrorCode =
  | "BAD_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_LARGE"
  | "LOCKED"
  | "THROTTLED"
  | "UPSTREAM"
  | "CONFIG"
  | "INTERNAL";

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  LOCKED: 423,
  THROTTLED: 429,
  UPSTREAM: 502,
  // Not configured for this (no GitLab token, credentials of another account…): the request
  // conflicts with the server's current setup, which an admin can change (RFC 9110 §15.5.10);
  // the message names what to set. Not a 5xx: nothing failed, and retrying as is cannot help.
  CONFIG: 409,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  /** Extra, user-safe detail (field errors, upstream request id...). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, userMessage: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(userMessage, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = userMessage;
    this.details = options?.details;
  }

  get httpStatus(): number {
    return STATUS[this.code];
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new AppError("BAD_INPUT", message, { details });
export const forbidden = (message = "You do not have permission to do this.") => new AppError("FORBIDDEN", message);
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError("CONFLICT", message, { details });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** A short random id to correlate a generic user message with a server log line. */
export function newEventId(): string {
  return globalThis.crypto.randomUUID().slice(0, 8);
}

/**
 * Turn any thrown value into something safe to show: AppError verbatim, the rest generic + logged
 * under `eventId` (route handlers and server actions pass their request id, so the message names
 * the request whose log lines explain it).
 */
export function toUserError(e: unknown, log: (line: string, err: unknown) => void = (l, err) => console.error(l, err), eventId: string = newEventId()): {
  code: ErrorCode;
  message: string;
  status: number;
  details?: Record<string, unknown>;
} {
  if (isAppError(e)) return { code: e.code, message: e.userMessage, status: e.httpStatus, details: e.details };
  log(`[trustmap] unexpected error event=${eventId}`, e);
  return { code: "INTERNAL", message: `Something went wrong (event ${eventId}). The error was logged.`, status: 500 };
}
