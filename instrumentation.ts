/**
 * Next.js calls `register` once when a server starts and `onRequestError` for every error a
 * request's rendering or route handler did not catch. Both lead to lib/log.ts, so the server log
 * is JSON lines and an uncaught error's line carries the request id (proxy.ts) beside Next's
 * digest — the "error id" the error page shows (app/error.tsx), which is how an operator goes from
 * what a user saw to the request's other lines.
 */
import type { Instrumentation } from "next";

export async function register(): Promise<void> {
  // Production only: `next dev` keeps its readable, colourful output and overlay.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NODE_ENV === "production") {
    const { routeConsoleToLogger } = await import("@/lib/log");
    routeConsoleToLogger();
  }
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("@/lib/log");
  const { REQUEST_ID_HEADER } = await import("@/lib/http/request-id");
  const header = request.headers[REQUEST_ID_HEADER];
  const digest = typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : undefined;
  logger().error(
    {
      err: error,
      requestId: Array.isArray(header) ? header[0] : header,
      digest,
      method: request.method,
      // The path without its query string, which may carry user input (never a credential, but no need to keep it).
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
    },
    "unhandled error",
  );
};
