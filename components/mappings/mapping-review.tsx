import type { ReactNode } from "react";
import type { MappingReview } from "@/lib/requests/preview";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { ManagedDiff } from "@/components/reconcile/managed-diff";
import { FindingsList } from "@/components/requests/findings-list";
import { GitLabSide } from "@/components/requests/gitlab-side";
import { SizeMeter } from "@/components/requests/request-preview";

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function Heading({ children }: { children: ReactNode }) {
  return <h3 className="font-medium">{children}</h3>;
}

/** Why the tier is what it is: the reasons recorded when it was filed, and what a judgement now says when it differs. */
function Risk({ review }: { review: MappingReview }) {
  const { filed, risk } = review;
  const reasons = filed.reasons ?? (risk?.tier === filed.tier ? risk.reasons : []);
  const nowDiffers = risk !== null && (risk.tier !== filed.tier || (filed.reasons !== null && !same(risk.reasons, filed.reasons)));
  return (
    <div data-testid="review-risk">
      <Heading>Why {filed.tier === "high" ? "high risk" : "normal risk"}</Heading>
      {filed.tier === "high" ? (
        reasons.length > 0 ? <ul className="list-disc pl-5">{reasons.map((r) => <li key={r} className="break-words">{r}</li>)}</ul> : <p className="text-slate-700">No reason was recorded when it was filed.</p>
      ) : (
        <p className="text-slate-700">An exact project and ref, nothing the linter or GitLab flags: one approver.</p>
      )}
      {nowDiffers && risk ? (
        <div className="mt-1 rounded border border-amber-300 bg-amber-50 p-2 text-amber-950" data-testid="review-risk-now">
          <p>
            Judged now it is <strong>{risk.tier === "high" ? "high risk" : "normal risk"}</strong>
            {risk.tier !== filed.tier ? ` (filed as ${filed.tier}; it still needs ${filed.requiredApprovals} approval${filed.requiredApprovals === 1 ? "" : "s"})` : ""}:
          </p>
          {risk.reasons.length > 0 ? <ul className="list-disc pl-5">{risk.reasons.map((r) => <li key={r} className="break-words">{r}</li>)}</ul> : null}
        </div>
      ) : null}
    </div>
  );
}

/**
 * What an approver decides on (the approval card, the mapping's page): the sub patterns, why the
 * tier is what it is, the trust-policy change as a diff of the managed statement with the size
 * after it, lint findings, and GitLab's side with the people who can obtain a token.
 */
export function MappingReviewView({ review, idBase, what }: { review: MappingReview; idBase: string; what: string }) {
  const gitlabFindings = review.subjectFindings.filter((f) => "project" in f && f.project !== undefined);
  const subjectFindings = review.subjectFindings.filter((f) => !gitlabFindings.includes(f));
  return (
    <div className="grid gap-3 text-sm lg:grid-cols-2" data-testid="mapping-review">
      <div className="min-w-0 space-y-3">
        <div>
          <Heading>sub pattern{review.subPatterns.length === 1 ? "" : "s"}</Heading>
          <ul className="mt-1 space-y-1 font-mono text-xs" data-testid="review-sub">
            {review.subPatterns.map((p) => (
              <li key={p} className="flex items-start justify-between gap-2 rounded bg-slate-100 px-2 py-1">
                <span className="min-w-0 break-all">{p}</span>
                <CopyButton text={p} what="sub pattern" className="font-sans" />
              </li>
            ))}
          </ul>
          {subjectFindings.length > 0 ? <FindingsList findings={subjectFindings} /> : null}
        </div>
        <Risk review={review} />
        <div>
          <Heading>GitLab</Heading>
          <GitLabSide gitlab={review.gitlab} what={what} />
          {gitlabFindings.length > 0 ? <FindingsList findings={gitlabFindings} /> : null}
        </div>
      </div>
      <div className="min-w-0 space-y-3">
        <div data-testid="review-diff">
          <Heading>Trust policy change</Heading>
          {review.policy?.ok ? (
            <>
              <p className="text-xs text-slate-700">
                The managed statement with the role&apos;s other approved mappings, without → with this one
                {review.policy.basedOn === "actual" ? " (statements trustmap does not own, as last read from IAM, are kept)." : " (not read from IAM yet: desired state only)."}
              </p>
              <SizeMeter size={review.policy.size} quota={review.policy.quota} id={`${idBase}-size`} />
              <div className="mt-2"><ManagedDiff diff={review.diff} context={what} /></div>
            </>
          ) : review.policy ? (
            <p className="text-red-700">{review.policy.message}</p>
          ) : (
            <p className="text-slate-700">Not compiled: the mapping&apos;s fields are not valid.</p>
          )}
        </div>
        <div>
          <Heading>Lint findings</Heading>
          {review.lint.length > 0 ? <FindingsList findings={review.lint} /> : <p className="text-slate-700"><Badge tone="green">none</Badge></p>}
        </div>
      </div>
    </div>
  );
}
