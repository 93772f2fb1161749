"use server";
// Ending one's own session needs no permission.
import { signOut } from "@/lib/auth/config";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
