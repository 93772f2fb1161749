/** Effective access: loads roles and their active mappings, and hands them to the pure views. */
import "server-only";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { peopleForGrants, reachOfUser } from "@/lib/gitlab-facts/service";
import { activeMappingWhere } from "@/lib/mappings/model";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import type { TWhatCanAssumeQuery, TWhoCanAssumeQuery } from "@/lib/schemas/access";
import type { TRolePeople, TUserReach } from "@/lib/schemas/gitlab-facts";
import { roleGrants } from "./people";
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

const GRANT_COLUMNS = { scope: true, gitlabPath: true, refType: true, refPattern: true, environment: true } as const;

/**
 * The people who can assume a role: its grants (the policy read from IAM, or the approved
 * mappings where nothing was read: `basedOn`) expanded to people through GitLab's facts.
 * `notes` say what the list cannot include. NOT_FOUND for an unknown role.
 */
export async function peopleWhoCanAssume(roleId: string, now = new Date()): Promise<TRolePeople & { notes: string[] }> {
  const role = await getDb().iamRole.findUnique({
    where: { id: roleId },
    include: { awsAccount: true, mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" }, select: GRANT_COLUMNS } },
  });
  if (!role) throw notFound("No such role.");
  const { basedOn, grants, notes } = roleGrants(role);
  const found = await peopleForGrants(grants, { now: () => now });
  return { role: { id: role.id, name: role.name, arn: role.arn }, basedOn, people: found.people, notes: [...notes, ...found.notes] };
}

/** The reverse: every registered role a GitLab user can assume, and how. */
export async function rolesUserCanReach(username: string, now = new Date()): Promise<TUserReach & { notes: string[] }> {
  const roles = await getDb().iamRole.findMany({
    orderBy: { arn: "asc" },
    include: { awsAccount: true, mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" }, select: GRANT_COLUMNS } },
  });
  const notes = new Set<string>();
  const desiredOnly: string[] = [];
  const withGrants = roles.map((role) => {
    const g = roleGrants(role);
    for (const n of g.notes) notes.add(`${role.name}: ${n}`);
    if (g.basedOn === "desired") desiredOnly.push(role.name);
    return { roleArn: role.arn, grants: g.grants };
  });
  if (desiredOnly.length > 0) notes.add(`${desiredOnly.length} role(s) not read from IAM yet are judged on their approved mappings (desired state): ${desiredOnly.slice(0, 5).join(", ")}${desiredOnly.length > 5 ? ", …" : ""}`);
  const reach = await reachOfUser(username, withGrants, { now: () => now });
  return { ...reach, notes: [...notes, ...reach.notes] };
}

/** Roles to pick from on the access page. */
export async function listAccessRoles() {
  return getDb().iamRole.findMany({ where: REGISTERED_ROLE, orderBy: { arn: "asc" }, select: { id: true, name: true, arn: true, production: true, actualFetchedAt: true } });
}
