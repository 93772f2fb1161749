import { z } from "zod";
import { safeText } from "./common";

/** A demo persona's username as the sign-in form posts it (the Credentials provider looks it up). */
export const ZDemoUsername = safeText().trim().min(1).max(100);

/** The sign-in page's query: where to go after sign-in (checked again by safeCallbackUrl) and Auth.js' error code. */
export const ZSignInQuery = z.object({
  callbackUrl: safeText().max(2048).optional(),
  error: safeText().max(100).optional(),
});
