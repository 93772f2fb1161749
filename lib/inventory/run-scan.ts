import "server-only";
import type { IamPort } from "@/lib/aws/port";
import { createIamAdapter } from "@/lib/aws/adapter";
import type { GitLabPort } from "@/lib/gitlab/port";
import { AppError, toUserError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/users/current-user";
import { beginScan, completeScan, failScan, isAwsConnected, readInventoryConfig } from "@/lib/db/inventory";
import { readReconcileSettings } from "@/lib/reconcile/service";
import { connectGitLab } from "@/lib/gitlab/connection";
import { lookUpKeys, type KeyUsage } from "./key-usage";
import { scanGitLab } from "./scan";

export interface ScanDeps {
  gitlab?: GitLabPort | null;
  /** Omitted → the AWS SDK's default credential chain, used only when an AWS account is connected. */
  iam?: IamPort;
}

/**
 * One inventory scan: read GitLab (and IAM for key ages) outside any transaction, then store the
 * whole result at once. A failure half-way stores no project rows; the scan is recorded as failed
 * with a user-safe message, and both outcomes are audited.
 */
export async function runInventoryScan(actor: CurrentUser, deps: ScanDeps = {}) {
  const gitlab = deps.gitlab === undefined ? connectGitLab("background") : deps.gitlab;
  if (!gitlab) throw new AppError("CONFIG", "GitLab is not connected: set GITLAB_URL and GITLAB_TOKEN to scan.");
  const config = await readInventoryConfig();
  if (config.groups.length === 0) throw new AppError("BAD_INPUT", "No GitLab groups to scan yet: add at least one top-level group path in the inventory settings.");
  // The role ARN variable trustmap itself writes always counts as a role ARN.
  const { roleArnVariable } = await readReconcileSettings();
  const patterns = { ...config, roleArnPatterns: [...new Set([...config.roleArnPatterns, roleArnVariable])] };
  const scan = await beginScan(actor, patterns);
  try {
    const projects = await scanGitLab(gitlab, patterns);
    const keyIds = projects.map((p) => p.accessKeyId).filter((id): id is string => id !== null);
    let byKeyId = new Map<string, KeyUsage>();
    let noteWhenUnknown: string | null = null;
    if (keyIds.length > 0 && (await isAwsConnected())) {
      byKeyId = await lookUpKeys(deps.iam ?? createIamAdapter(), keyIds);
    } else {
      noteWhenUnknown = "AWS is not connected: add an AWS account in Settings to see the key's age and last use.";
    }
    const result = await completeScan(actor, scan.id, projects, { byKeyId, noteWhenUnknown });
    return { scanId: scan.id, ...result };
  } catch (e) {
    const err = toUserError(e);
    await failScan(actor, scan.id, err.message);
    throw new AppError(err.code === "INTERNAL" ? "UPSTREAM" : err.code, `The scan failed and recorded nothing: ${err.message}`);
  }
}
