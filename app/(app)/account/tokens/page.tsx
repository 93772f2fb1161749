import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { listApiTokens } from "@/lib/users/service";
import { ApiTokens } from "@/components/api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const user = await requirePage("tokens.manage", "/account/tokens");
  const tokens = await listApiTokens(user.id);
  return (
    <section>
      <PageHeader title="Personal API tokens">
        <p>
          A token authenticates <code>/api/v1</code> calls as you, with your role ({user.role}):
          send <code className="break-all">Authorization: Bearer &lt;token&gt;</code>. It is shown once; only its hash is stored.
        </p>
      </PageHeader>
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
