"use server";
// Public by nature: it starts the GitLab OAuth flow for someone not signed in yet.
import { signIn } from "@/lib/auth/config";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export async function signInGitLabAction(formData: FormData): Promise<void> {
  // Anyone can call an action with any arguments: only the sign-in form's FormData is read.
  await signIn("gitlab", { redirectTo: safeCallbackUrl(formData instanceof FormData ? formData.get("callbackUrl") : null) });
}
