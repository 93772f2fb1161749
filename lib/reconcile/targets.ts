/** GitLab variable targets: where a mapping's variables live, and stable keys for them. */
import type { VariableTarget } from "@/lib/gitlab/port";

export function targetKey(target: VariableTarget): string {
  return `${target.kind}:${String(target.path)}`;
}

export function parseTargetKey(key: string): VariableTarget | null {
  const match = /^(project|group):(.+)$/.exec(key);
  return match ? { kind: match[1] as VariableTarget["kind"], path: match[2] as string } : null;
}

/** A mapping's variables go to the project or group its selector names. */
export function mappingTarget(mapping: { scope: "group" | "project"; gitlabPath: string }): VariableTarget {
  return { kind: mapping.scope, path: mapping.gitlabPath };
}

/** The GitLab environment scope of a mapping's variables (`*` = every environment). */
export function environmentScopeOf(mapping: { environment: string | null }): string {
  return mapping.environment === null || mapping.environment === "" ? "*" : mapping.environment;
}

export function describeTarget(target: VariableTarget): string {
  return `${target.kind} ${String(target.path)}`;
}
