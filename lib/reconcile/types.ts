/**
 * The reconciler's plain data: the desired state (from approved mappings), the actual state (read
 * through the ports) and the plan that turns one into the other. Everything here is
 * JSON-serialisable so a plan can be stored, shown in the UI and printed by the CLI unchanged.
 */
import type { Finding, TrustStatement } from "@/lib/policy";
import type { VariableTarget } from "@/lib/gitlab/port";
import type { MappingGrantRow } from "@/lib/mappings/model";

/** The description trustmap puts on every CI/CD variable it owns. */
export const MANAGED_VARIABLE_DESCRIPTION = "managed by trustmap";
export const DEFAULT_ROLE_ARN_VARIABLE = "ROLE_ARN";
export const REGION_VARIABLE = "AWS_REGION";

/**
 * An active mapping as the planner needs it: the grant columns of its row, read through the mapping
 * model (lib/mappings/model.ts: the selector, the policy compiler's input), and where its variables
 * go. `environment` null = every environment (`*` scope).
 */
export interface DesiredMapping extends MappingGrantRow {
  /** The variables are `protected`: only protected branches and tags can read them. */
  protectedRefsOnly: boolean;
}

export interface DesiredRole {
  /** trustmap's id of the registered role. */
  id: string;
  arn: string;
  name: string;
  /** 12-digit AWS account id. */
  accountId: string;
  production: boolean;
  quota: number;
  /** Approved, unexpired mappings; empty when every mapping was revoked. */
  mappings: DesiredMapping[];
}

export interface DesiredAccount {
  accountId: string;
  name: string;
  issuerUrl: string;
  /** The OIDC provider's ARN (stored, or derived from the issuer URL). */
  providerArn: string;
  /** Client ids the provider must accept (the account's audiences plus every mapping's). */
  audiences: string[];
  region: string;
}

export interface DesiredState {
  accounts: DesiredAccount[];
  roles: DesiredRole[];
  /** Name of the variable that carries the role ARN (setting, default ROLE_ARN). */
  roleArnVariable: string;
  /** Targets trustmap wrote variables to before: read too, so revoked variables get deleted. */
  knownTargets: VariableTarget[];
}

export interface ActualRole {
  arn: string;
  name: string;
  /** The trust policy as stored (decoded). */
  document: string;
}

export interface ActualProvider {
  arn: string;
  clientIds: string[];
}

export interface ActualAccount {
  accountId: string;
  /** Roles by name. */
  roles: Record<string, ActualRole>;
  /** `null`: the provider does not exist. */
  provider: ActualProvider | null;
  /** Why the account could not be read (credentials, network), as a clause: nothing is planned for it. */
  error?: string;
}

export interface ActualVariable {
  key: string;
  environmentScope: string;
  /** `null` for a hidden variable. */
  value: string | null;
  protected: boolean;
  masked: boolean;
  description: string | null;
}

export interface ActualTarget {
  target: VariableTarget;
  /** `null`: the project or group does not exist (404). */
  variables: ActualVariable[] | null;
  error?: string;
}

export interface ActualState {
  accounts: Record<string, ActualAccount>;
  /** By `targetKey(target)`. */
  targets: Record<string, ActualTarget>;
}

export interface ManagedStatementDiff {
  sid: string;
  before: TrustStatement | null;
  after: TrustStatement | null;
  /** Leaf changes, JSON paths relative to the statement. */
  changes: JsonChange[];
}

export interface JsonChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export type Operation =
  | {
      kind: "oidc-provider.create";
      key: string;
      dependsOn: string[];
      accountId: string;
      url: string;
      clientIds: string[];
    }
  | {
      kind: "oidc-provider.add-client-id";
      key: string;
      dependsOn: string[];
      accountId: string;
      providerArn: string;
      clientId: string;
    }
  | {
      kind: "trust-policy.update";
      key: string;
      dependsOn: string[];
      accountId: string;
      roleArn: string;
      roleName: string;
      /** The whole document to write: foreign statements verbatim, managed ones compiled. */
      document: string;
      /** The managed statements only, before → after. */
      diff: ManagedStatementDiff[];
      mappingIds: string[];
    }
  | {
      kind: "variable.create" | "variable.update";
      key: string;
      dependsOn: string[];
      target: VariableTarget;
      variable: { key: string; environmentScope: string; value: string; protected: boolean };
      /** For updates: what is there now. */
      before?: { value: string | null; protected: boolean };
    }
  | {
      kind: "variable.delete";
      key: string;
      dependsOn: string[];
      target: VariableTarget;
      variable: { key: string; environmentScope: string };
      before: { value: string | null; protected: boolean };
    };

export type OperationKind = Operation["kind"];

/**
 * blocking: that role is left out of the plan (with its variables) until someone fixes it, and the
 * plan is incomplete (the CLI exits 1); error: that item is left out; warning: shown only. No
 * problem stops the rest of the plan.
 */
export type ProblemSeverity = "blocking" | "error" | "warning";

export interface PlanProblem {
  severity: ProblemSeverity;
  code: string;
  message: string;
  roleArn?: string;
  accountId?: string;
  target?: VariableTarget;
  variableKey?: string;
  environmentScope?: string;
  mappingIds?: string[];
  findings?: Finding[];
}

export interface ForeignStatement {
  roleArn: string;
  index: number;
  sid: string | null;
  statement: unknown;
  /** Lint findings of the role's policy that concern this statement. */
  findings: Finding[];
  /** Has a critical or high finding: it may grant more than any approved mapping. */
  widensAccess: boolean;
}

export interface ForeignVariable {
  target: VariableTarget;
  key: string;
  environmentScope: string;
}

export interface CiSnippet {
  target: VariableTarget;
  environmentScope: string;
  yaml: string;
}

/** A part of the actual state the plan could not read (or not parse): nothing is planned for it, the rest is. */
export interface UnreadPart {
  kind: "aws-account" | "gitlab-target" | "trust-policy";
  /** The account id, the GitLab target (`project:group/app`), or the role ARN. */
  ref: string;
  message: string;
}

export interface Plan {
  operations: Operation[];
  problems: PlanProblem[];
  /** What could not be read, each named; a plan with any says nothing about those parts. */
  unread: UnreadPart[];
  foreignStatements: ForeignStatement[];
  foreignVariables: ForeignVariable[];
  ciSnippets: CiSnippet[];
  summary: { roles: number; mappings: number; targets: number; operations: number; byKind: Partial<Record<OperationKind, number>> };
  /** SHA-256 of the operations: apply checks the plan it runs is the one that was shown. */
  hash: string;
}
