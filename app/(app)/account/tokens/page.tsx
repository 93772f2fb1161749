import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { listApiTokens } from "@/lib/users/service";
import { ApiTokens } from "@/components/api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const user = await requirePage("tokens.manage", "/account/tokens");
  const tokens = await listApiTokens(user.id);
  return (
    <section>
      <h1 className="text-2xl font-semibold">Personal API tokens</h1>
      <p className="mt-1 max-w-2xl text-slate-600">
        A token authenticates <code>/api/v1</code> calls as you, with your role ({user.role}):
        send <code>Authorization: Bearer &lt;token&gt;</code>. It is shown once; only its hash is stored.
      </p>
      <ApiTokens
        tokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        }))}
      />
    </section>
  );
}
