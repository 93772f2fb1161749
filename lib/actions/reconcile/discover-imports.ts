"use server";
import { defineAction } from "@/lib/actions/define-action";
import { ZDiscoverImportsInput } from "@/lib/schemas/reconcile";
import { discoverImports } from "@/lib/reconcile/service";

/** Brownfield onboarding: unregistered roles that already trust the GitLab provider, with their grants as proposed mappings. */
export const discoverImportsAction = defineAction({
  permission: "reconcile.plan",
  input: ZDiscoverImportsInput,
  handler: async () => discoverImports(),
});
