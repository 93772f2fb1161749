import type { TPreviewOutput } from "@/app/api/v1/requests/preview/route";
import { Badge } from "@/components/ui/badge";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { TextLink } from "@/components/ui/text-link";
import { FindingsList } from "./findings-list";

/** The live preview beside the request form: sub patterns, risk, policy after the change, lint, CI snippet. */
export function RequestPreviewPanel({ data, loading, error, production }: { data: TPreviewOutput | null; loading: boolean; error: string | null; production: boolean }) {
  return (
    <section aria-labelledby="preview-h" aria-busy={loading} className="min-w-0 space-y-4 rounded border border-slate-200 bg-white p-4 text-sm">
      <div className="flex items-center justify-between">
        <h2 id="preview-h" className="text-lg font-medium">Preview</h2>
        <span role="status" className="text-xs text-slate-700">{loading ? "Updating…" : ""}</span>
      </div>
      {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      {!data ? <p className="text-slate-700">Choose a role and type a path and a ref to see what the request compiles to. <TextLink href="/how-it-works">How it works</TextLink></p> : <PreviewBody data={data} production={production} />}
    </section>
  );
}

function PreviewBody({ data, production }: { data: TPreviewOutput; production: boolean }) {
  const policy = data.policy;
  return (
    <>
      <div>
        <h3 className="font-medium">sub pattern{data.subPatterns.length === 1 ? "" : "s"}</h3>
        {data.subPatterns.length === 0 ? <p className="text-slate-700">None yet: fix the fields marked in the form.</p> : (
          <ul data-testid="preview-sub" className="mt-1 space-y-1 font-mono text-xs">
            {data.subPatterns.map((p) => (
              <li key={p} className="flex items-start justify-between gap-2 rounded bg-slate-100 px-2 py-1">
                <span className="min-w-0 break-all">{p}</span>
                <CopyButton text={p} what="sub pattern" className="font-sans" />
              </li>
            ))}
          </ul>
        )}
        {data.subjectFindings.length > 0 ? <FindingsList findings={data.subjectFindings} /> : null}
      </div>
      {data.risk ? (
        <div data-testid="preview-risk">
          <h3 className="font-medium">Risk</h3>
          <p className="flex flex-wrap gap-2">
            {data.risk.tier === "high" ? <Badge tone="red">high risk: two approvers</Badge> : <Badge tone="green">normal: one approver</Badge>}
            {production ? <Badge tone="amber">production role</Badge> : null}
          </p>
          {data.risk.reasons.length > 0 ? <ul className="mt-1 list-disc pl-5 text-slate-700">{data.risk.reasons.map((r) => <li key={r}>{r}</li>)}</ul> : null}
        </div>
      ) : null}
      {policy ? (
        <div>
          <h3 className="font-medium">Trust policy after the change</h3>
          {policy.ok ? (
            <>
              <p className="text-xs text-slate-700">
                {policy.basedOn === "actual" ? "Based on the policy last read from IAM (foreign statements kept)." : "Not read from IAM yet: desired state only (approved mappings + this request)."}
              </p>
              <SizeMeter size={policy.size} quota={policy.quota} />
              <CodeBlock label="Trust policy JSON" code={policy.pretty} className="mt-2" />
            </>
          ) : (
            <>
              {policy.size !== undefined && policy.quota !== undefined ? <SizeMeter size={policy.size} quota={policy.quota} /> : null}
              <p role="alert" className="text-red-700">{policy.message}</p>
            </>
          )}
        </div>
      ) : null}
      {data.lint.length > 0 ? (
        <div>
          <h3 className="font-medium">Lint findings</h3>
          <FindingsList findings={data.lint} />
        </div>
      ) : policy?.ok ? <p className="text-green-800">No lint findings.</p> : null}
      {data.snippet ? (
        <div>
          <h3 className="font-medium">.gitlab-ci.yml job</h3>
          <TextLink href="/how-it-works" className="text-xs">How the provider, the trust policy and this job fit together</TextLink>
          <CodeBlock label=".gitlab-ci.yml job" code={data.snippet} testId="preview-snippet" className="mt-1" />
        </div>
      ) : null}
    </>
  );
}

export function SizeMeter({ size, quota }: { size: number; quota: number }) {
  const ratio = size / quota;
  const tone = ratio > 1 ? "text-red-700" : ratio > 0.9 ? "text-amber-800" : "text-slate-700";
  return (
    <div className="mt-1 flex flex-wrap items-center gap-2">
      <span className="text-xs" aria-hidden="true">Size</span>
      <meter min={0} max={quota} low={quota * 0.75} high={quota * 0.9} optimum={0} value={Math.min(size, quota)} className="h-3 w-32 max-w-full sm:w-48" aria-label="Trust policy size" aria-describedby="preview-size" />
      <span id="preview-size" className={`text-xs tabular-nums ${tone}`} data-testid="preview-size">{size.toLocaleString("en")} / {quota.toLocaleString("en")} characters</span>
    </div>
  );
}
