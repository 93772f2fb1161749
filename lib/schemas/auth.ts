import { z } from "zod";
import { safeText } from "./common";

/** The sign-in page's query: where to go after sign-in (checked again by safeCallbackUrl) and Auth.js' error code. */
export const ZSignInQuery = z.object({
  callbackUrl: safeText().max(2048).optional(),
  error: safeText().max(100).optional(),
});
