"use server";
// Public by nature: signing in happens before there is a user to authorize. Auth.js'
// Credentials provider only exists in demo mode and only accepts seeded demo personas.
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { isDemoMode } from "@/lib/auth/mode";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { ZDemoUsername } from "@/lib/schemas/auth";

export async function signInDemoAction(formData: FormData): Promise<void> {
  if (!isDemoMode()) redirect("/signin?error=demo-off");
  // Anyone can call an action with any arguments: only the sign-in form's FormData is read.
  if (!(formData instanceof FormData)) redirect("/signin?error=CredentialsSignin");
  const username = ZDemoUsername.safeParse(formData.get("username")).data ?? "";
  const callbackUrl = safeCallbackUrl(formData.get("callbackUrl"));
  try {
    await signIn("demo", { username, redirectTo: callbackUrl });
  } catch (e) {
    if (e instanceof AuthError) redirect(`/signin?error=${encodeURIComponent(e.type)}`);
    throw e; // redirects from a successful sign-in
  }
}
