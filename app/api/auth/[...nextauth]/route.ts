import { handlers } from "@/lib/auth/config";

// Auth.js' own endpoints (sign-in, callback, session, CSRF); they are the authentication itself.
export const { GET, POST } = handlers;
