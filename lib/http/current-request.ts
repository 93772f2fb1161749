import "server-only";
import { headers } from "next/headers";
import { newRequestId, requestIdOf } from "./request-id";

/**
 * The request id of the request being handled (a server action, a page), or a fresh one when
 * there is no request (tests calling an action directly) or the proxy did not run.
 */
export async function currentRequestId(): Promise<string> {
  try {
    return requestIdOf(await headers()) ?? newRequestId();
  } catch {
    return newRequestId();
  }
}
