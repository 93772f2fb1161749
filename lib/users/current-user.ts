import type { Role } from "@/lib/auth/permissions";

/** The signed-in user as every guard, action and service sees them. */
export interface CurrentUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  isDemo: boolean;
}
