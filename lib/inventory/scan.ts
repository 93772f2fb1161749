/**
 * Read the configured GitLab groups and classify every project below them. Only the GitLab port
 * is touched (no database), so it runs the same against the memory port, the HTTP fake and GitLab.
 *
 * Secret values: GitLab's variable list API has no keys-only form, so each list response carries
 * values. `evidenceOf` is applied to every variable as soon as a list arrives and copies its key
 * and location only; the single value it keeps is an access key id (AKIA…/ASIA…, not secret), and
 * only from a variable whose KEY matches an access-key-id pattern and whose value has that shape.
 * A secret access key's value is never copied, logged or stored; the list itself goes out of scope
 * at once. Hidden variables come back without a value and are classified by key alone.
 */
import type { GitLabPort, GitLabProject, GitLabVariable, VariableTarget } from "@/lib/gitlab/port";
import { MANAGED_VARIABLE_DESCRIPTION } from "@/lib/reconcile/types";
import { classify, type Classification, type VariableEvidence } from "./classify";
import { ACCESS_KEY_ID, keyClassifier, type InventoryConfig, type KeyClassifier } from "./patterns";

export interface ScannedProject extends Classification {
  gitlabProjectId: number;
  projectPath: string;
  defaultBranch: string | null;
  webUrl: string;
  evidence: VariableEvidence[];
}

export function evidenceOf(v: GitLabVariable, level: VariableEvidence["level"], owner: string, kindOf: KeyClassifier): VariableEvidence | null {
  const kind = kindOf(v.key);
  if (kind === null) return null;
  const evidence: VariableEvidence = {
    key: v.key,
    kind,
    level,
    owner,
    environmentScope: v.environmentScope,
    managedByTrustmap: v.description === MANAGED_VARIABLE_DESCRIPTION,
  };
  if (kind === "access_key_id" && v.value !== null) {
    const candidate = v.value.trim();
    if (ACCESS_KEY_ID.test(candidate)) evidence.accessKeyId = candidate;
  }
  return evidence;
}

async function credentialVariables(port: GitLabPort, target: VariableTarget & { path: string }, kindOf: KeyClassifier): Promise<VariableEvidence[]> {
  const list = await port.listVariables(target);
  return list.map((v) => evidenceOf(v, target.kind, target.path, kindOf)).filter((e): e is VariableEvidence => e !== null);
}

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure rejects. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const isAtOrBelow = (path: string, group: string) => path.toLowerCase() === group.toLowerCase() || path.toLowerCase().startsWith(`${group.toLowerCase()}/`);

export interface ScanOptions {
  /** Parallel GitLab calls (the adapter also rate-limits). */
  concurrency?: number;
}

/** Every project below the configured groups (subgroups included), sorted by path. Any GitLab error rejects the whole scan. */
export async function scanGitLab(port: GitLabPort, config: InventoryConfig, options: ScanOptions = {}): Promise<ScannedProject[]> {
  const kindOf = keyClassifier(config);
  const limit = options.concurrency ?? 8;
  const byPath = new Map<string, ScannedProject>();
  for (const root of config.groups) {
    const group = await port.getGroup(root);
    const groups = [group, ...(await port.listDescendantGroups(group.fullPath))];
    const groupEvidence = await mapLimit(groups, limit, async (g) => ({
      path: g.fullPath,
      evidence: await credentialVariables(port, { kind: "group", path: g.fullPath }, kindOf),
    }));
    const projects = await port.listGroupProjects(group.fullPath, { includeSubgroups: true });
    const scanned = await mapLimit(projects, limit, async (p: GitLabProject): Promise<ScannedProject> => {
      const own = await credentialVariables(port, { kind: "project", path: p.pathWithNamespace }, kindOf);
      const inherited = groupEvidence.filter((g) => isAtOrBelow(p.namespace.fullPath, g.path)).flatMap((g) => g.evidence);
      const evidence = [...own, ...inherited];
      return {
        gitlabProjectId: p.id,
        projectPath: p.pathWithNamespace,
        defaultBranch: p.defaultBranch,
        webUrl: p.webUrl,
        evidence,
        ...classify(evidence),
      };
    });
    for (const s of scanned) byPath.set(s.projectPath, s);
  }
  return [...byPath.values()].sort((a, b) => a.projectPath.localeCompare(b.projectPath));
}
