/** Effective access: loads roles and their active mappings, and hands them to the pure views. */
import "server-only";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { activeMappingWhere } from "@/lib/mappings/model";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import type { TWhatCanAssumeQuery, TWhoCanAssumeQuery } from "@/lib/schemas/access";
import { whatCanAssumeView, type WhatCanAssumeView } from "./what-can-assume";
import { whoCanAssumeView, type WhoCanAssumeView } from "./who-can-assume";

/** "Who can assume role X" (see ./who-can-assume.ts); NOT_FOUND for an unknown role. */
export async function whoCanAssumeRole(q: TWhoCanAssumeQuery, now = new Date()): Promise<WhoCanAssumeView> {
  const role = await getDb().iamRole.findUnique({
    where: { id: q.roleId },
    include: {
      awsAccount: true,
      mappings: {
        where: activeMappingWhere(now),
        orderBy: { id: "asc" },
        include: { requester: { select: { username: true } }, approvals: { select: { createdAt: true, approver: { select: { username: true } } }, orderBy: { createdAt: "asc" } } },
      },
    },
  });
  if (!role || role.deregisteredAt !== null) throw notFound("No such role.");
  return whoCanAssumeView(role, q);
}

/** "What can project P assume" on a ref, over every registered role (see ./what-can-assume.ts). */
export async function whatCanProjectAssume(q: TWhatCanAssumeQuery, now = new Date()): Promise<WhatCanAssumeView> {
  const roles = await getDb().iamRole.findMany({
    where: REGISTERED_ROLE,
    orderBy: { arn: "asc" },
    include: { awsAccount: true, mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" } } },
  });
  return whatCanAssumeView(q, roles);
}

/** Roles to pick from on the access page. */
export async function listAccessRoles() {
  return getDb().iamRole.findMany({ where: REGISTERED_ROLE, orderBy: { arn: "asc" }, select: { id: true, name: true, arn: true, production: true, actualFetchedAt: true } });
}
