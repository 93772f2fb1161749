/** Loads the values "How it works" explains: the first connected account and an approved mapping to use as the example. */
import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { gitlabSource } from "@/lib/gitlab/connection";
import { activeMappingWhere, providerArnOf, selectorOf } from "@/lib/mappings/model";
import { explainSetup, type Guide } from "./explain";

export async function loadGuide(now = new Date()): Promise<Guide> {
  const db = getDb();
  const mapping = await db.mapping.findFirst({ where: activeMappingWhere(now), orderBy: { createdAt: "asc" }, include: { role: { include: { awsAccount: true } } } });
  const account = mapping?.role.awsAccount ?? (await db.awsAccount.findFirst({ orderBy: { createdAt: "asc" } }));
  const cfg = config();
  return explainSetup({
    gitlab: { url: cfg.gitlab.url, sandbox: gitlabSource(cfg)?.kind === "sandbox" },
    account: account
      ? { accountId: account.accountId, name: account.name, issuerUrl: account.issuerUrl, providerArn: providerArnOf(account), audiences: account.audiences, region: account.region, sandbox: account.sandbox }
      : null,
    example: mapping ? { roleName: mapping.role.name, roleArn: mapping.role.arn, selector: selectorOf(mapping), audience: mapping.audience } : null,
  });
}
