import "server-only";
import { appendAuditEvent } from "@/lib/audit/service";
import type { MappingProposal } from "@/lib/reconcile/adopt";
import type { ReconcileActor } from "./reconcile-runs";
import type { Db } from "./prisma";

export interface AdoptActor extends ReconcileActor {
  id: string;
}

/** Mapping requests (status requested: they still need approval) for grants found in IAM, audited in the same transaction. */
export async function createAdoptedRequests(
  db: Db,
  actor: AdoptActor,
  input: { roleId?: string; registerRole?: { awsAccountId: string; name: string; arn: string }; proposals: MappingProposal[]; justification: string; source: string },
): Promise<{ roleId: string; mappingIds: string[] }> {
  return db.$transaction(async (tx) => {
    let roleId = input.roleId;
    if (input.registerRole) {
      const role = await tx.iamRole.create({ data: { ...input.registerRole, description: "imported by trustmap" } });
      roleId = role.id;
      await appendAuditEvent(tx, {
        actorId: actor.id,
        actorLabel: actor.label,
        action: "settings.changed",
        resourceType: "iam_role",
        resourceId: role.id,
        data: { change: "iam_role.imported", arn: role.arn },
      });
    }
    if (roleId === undefined) throw new Error("createAdoptedRequests needs roleId or registerRole");
    const mappingIds: string[] = [];
    for (const p of input.proposals) {
      const mapping = await tx.mapping.create({
        data: {
          scope: p.selector.scope,
          gitlabPath: p.selector.path,
          refType: p.selector.refType,
          refPattern: p.selector.ref,
          roleId,
          audience: p.audience,
          requesterId: actor.id,
          justification: `${input.justification} (adopted from ${input.source}, statement ${p.sid ?? `#${p.statementIndex}`}, pattern ${p.pattern})`,
        },
      });
      mappingIds.push(mapping.id);
      await appendAuditEvent(tx, {
        actorId: actor.id,
        actorLabel: actor.label,
        action: "mapping.requested",
        resourceType: "mapping",
        resourceId: mapping.id,
        data: { adoptedFrom: input.source, pattern: p.pattern, statementIndex: p.statementIndex, selector: p.selector, audience: p.audience },
      });
    }
    return { roleId, mappingIds };
  });
}
