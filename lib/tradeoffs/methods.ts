/** The three ways a GitLab runner can reach AWS (DESIGN.md, "The three ways a runner can reach AWS"). */
export const METHODS = ["static-keys", "instance-role", "oidc"] as const;
export type MethodId = (typeof METHODS)[number];

export interface MethodInfo {
  id: MethodId;
  label: string;
  /** One line for the legend and the text alternative. */
  summary: string;
}

export const METHOD_INFO: Record<MethodId, MethodInfo> = {
  "static-keys": {
    id: "static-keys",
    label: "Static access keys",
    summary: "An IAM user's access key pair stored in masked CI/CD variables.",
  },
  "instance-role": {
    id: "instance-role",
    label: "Instance role",
    summary: "An IAM role attached to the runner's compute (EC2 instance profile, ECS task or EKS pod role).",
  },
  oidc: {
    id: "oidc",
    label: "OIDC federation",
    summary: "Each job exchanges its GitLab ID token for short-lived credentials of a role whose trust policy names it.",
  },
};
