/**
 * Drive server actions and guards without a browser: `vi.mock` Auth.js' config with
 * `mockAuthModule()` and choose who is signed in with `signInAs()`.
 */
import { vi } from "vitest";

let currentUserId: string | null = null;

export function signInAs(userId: string | null): void {
  currentUserId = userId;
}

export function mockAuthModule() {
  return {
    auth: vi.fn(async () => (currentUserId ? { user: { id: currentUserId }, expires: new Date(Date.now() + 3600_000).toISOString() } : null)),
    signIn: vi.fn(),
    signOut: vi.fn(),
    handlers: { GET: vi.fn(), POST: vi.fn() },
  };
}
