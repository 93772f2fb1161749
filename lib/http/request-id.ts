/**
 * Request ids: proxy.ts gives every request one (`x-request-id`, on the request for the handlers
 * and on the response for the caller), the server's log lines carry it, and API and server-action
 * errors show it, so a user's "it failed with request 3f2…" finds the log lines of that request.
 * An id a client sends is replaced, never trusted: a caller must not choose what our logs say.
 */
export const REQUEST_ID_HEADER = "x-request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

/** The id proxy.ts assigned to this request, or null (a path the proxy does not run on, or a test calling a handler directly). */
export function requestIdOf(headers: Pick<Headers, "get">): string | null {
  const id = headers.get(REQUEST_ID_HEADER);
  return id !== null && UUID.test(id) ? id : null;
}
