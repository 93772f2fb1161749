import type { NextRequest } from "next/server";
import { guardRequest } from "@/lib/http/request-guard";

/**
 * Runs before every request Next handles (Next 16's proxy, formerly middleware). Refuses what
 * Next itself would answer with a 500: a server action from a foreign origin (403), a body over
 * 1 MiB (413), an action's arguments nested deeper than 64 levels (400). See lib/http/request-guard.ts.
 */
export async function proxy(request: NextRequest) {
  return (await guardRequest(request)) ?? undefined;
}

export const config = {
  // Static assets carry no input.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|logo.svg).*)"],
};
