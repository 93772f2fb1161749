import { Badge, type Tone } from "@/components/ui/badge";

const STATUS_TONE: Record<string, Tone> = {
  requested: "amber",
  approved: "green",
  rejected: "red",
  revoked: "red",
  expired: "neutral",
  withdrawn: "muted",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "muted"}>{status}</Badge>;
}

export function RiskBadge({ tier, required }: { tier: string; required?: number }) {
  return tier === "high" ? <Badge tone="red">high risk{required ? ` · ${required} approvers` : ""}</Badge> : <Badge tone="muted">normal</Badge>;
}
