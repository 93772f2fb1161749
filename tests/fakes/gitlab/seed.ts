/** Seeds a `FakeState` from a JSON document (the CLI's `--seed file.json`), validated with zod. */
import { z } from "zod";
import type { FakeState } from "./state";

const ZRefAccess = z.union([
  z.object({ accessLevel: z.number() }),
  z.object({ user: z.string() }),
  z.object({ group: z.string() }),
  z.object({ deployKeyId: z.number() }),
]);

const ZProtectedBranch = z.union([
  z.string(),
  z.object({
    name: z.string(),
    pushAccessLevel: z.number().optional(),
    mergeAccessLevel: z.number().optional(),
    allowedToPush: z.array(ZRefAccess).optional(),
    allowedToMerge: z.array(ZRefAccess).optional(),
    allowForcePush: z.boolean().optional(),
    codeOwnerApprovalRequired: z.boolean().optional(),
  }),
]);

const ZProtectedTag = z.union([
  z.string(),
  z.object({ name: z.string(), createAccessLevel: z.number().optional(), allowedToCreate: z.array(ZRefAccess).optional() }),
]);

export const ZFakeSeed = z.object({
  users: z.array(z.object({ username: z.string(), name: z.string().optional(), email: z.string().optional(), state: z.string().optional() })).default([]),
  tokens: z.array(z.object({ token: z.string(), username: z.string(), scopes: z.array(z.string()).optional() })).default([]),
  groups: z.array(z.string()).default([]),
  projects: z
    .array(
      z.object({
        path: z.string(),
        name: z.string().optional(),
        defaultBranch: z.string().nullable().optional(),
        branches: z.array(z.string()).optional(),
        protectedBranches: z.array(ZProtectedBranch).optional(),
        protectedTags: z.array(ZProtectedTag).optional(),
        ciIdTokenSubClaimComponents: z.array(z.string()).optional(),
        visibility: z.enum(["private", "internal", "public"]).optional(),
        sharedWith: z.array(z.object({ group: z.string(), groupAccess: z.number().optional() })).optional(),
      }),
    )
    .default([]),
  /** Direct memberships, applied after users, groups and projects exist. */
  members: z
    .array(z.object({ target: z.object({ kind: z.enum(["project", "group"]), path: z.string() }), username: z.string(), accessLevel: z.number() }))
    .default([]),
  variables: z
    .array(
      z.object({
        target: z.object({ kind: z.enum(["project", "group"]), path: z.string() }),
        key: z.string(),
        value: z.string(),
        environmentScope: z.string().optional(),
        protected: z.boolean().optional(),
        masked: z.boolean().optional(),
        maskedAndHidden: z.boolean().optional(),
        raw: z.boolean().optional(),
        variableType: z.enum(["env_var", "file"]).optional(),
        description: z.string().optional(),
      }),
    )
    .default([]),
  oauthApps: z
    .array(
      z.object({
        clientId: z.string(),
        clientSecret: z.string(),
        redirectUris: z.array(z.string()),
        scopes: z.array(z.string()).optional(),
        confidential: z.boolean().optional(),
      }),
    )
    .default([]),
  signInAs: z.string().nullable().optional(),
});

export type FakeSeed = z.input<typeof ZFakeSeed>;

export function applySeed(state: FakeState, seed: unknown): void {
  const s = ZFakeSeed.parse(seed);
  s.users.forEach((u) => state.addUser(u));
  s.tokens.forEach((t) => state.addToken(t.token, t.username, t.scopes));
  s.groups.forEach((g) => state.addGroup(g));
  s.projects.forEach(({ path, ...rest }) => state.addProject(path, rest));
  s.members.forEach((m) => state.addMember(m.target, m.username, m.accessLevel));
  s.variables.forEach(({ target, ...v }) => state.addVariable(target, v));
  s.oauthApps.forEach((a) => state.addOAuthApp(a));
  if (s.signInAs !== undefined) state.signInAs(s.signInAs);
}
