import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { loadGuide } from "@/lib/guide/service";
import { SandboxBadge } from "@/components/sandbox-badge";

export const metadata: Metadata = { title: "How it works" };

const code = "rounded bg-slate-100 px-1 font-mono text-sm";
const pre = "mt-2 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100";

/** The three pieces of keyless GitLab CI → AWS, with this installation's values. */
export default async function HowItWorksPage() {
  const user = await requirePage("guide.view", "/how-it-works");
  const g = await loadGuide();
  const where = `${g.selector.scope} ${g.selector.path}, ${g.selector.refType} ${g.selector.ref}`;
  return (
    <article className="max-w-4xl space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">How it works</h1>
        <p className="mt-1 text-slate-700">
          A GitLab CI job gets short-lived AWS credentials without any stored key: GitLab signs an ID token for the job, AWS
          trusts GitLab as an identity provider, and a role&apos;s trust policy says which jobs&apos; tokens it accepts. Three pieces,
          shown here with this installation&apos;s values{g.placeholders.example ? " (where it has none yet, made-up ones)" : `, for the approved grant “${where}” on ${g.role.name}`}.
        </p>
        {g.account.sandbox || g.gitlab.sandbox ? (
          <p className="mt-2 text-sm text-slate-700"><SandboxBadge /> The values come from trustmap&apos;s built-in sandbox: the same pieces, simulated.</p>
        ) : null}
      </header>

      <section aria-labelledby="hiw-provider" className="space-y-2">
        <h2 id="hiw-provider" className="text-lg font-medium">1. AWS trusts your GitLab as an OIDC identity provider</h2>
        <p>
          AWS account {g.account.name} (<span className="font-mono">{g.account.id}</span>{g.placeholders.account ? ", a placeholder: no account is connected yet" : ""}) has an IAM OIDC
          provider for the GitLab issuer <span className={code}>{g.provider.issuerUrl}</span>{g.gitlab.url !== g.provider.issuerUrl ? <> (GitLab here: <span className={code}>{g.gitlab.url}</span>)</> : null}.
          AWS fetches GitLab&apos;s signing keys from the issuer and accepts tokens whose audience (<span className={code}>aud</span>) is one of the provider&apos;s client IDs.
        </p>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">Provider ARN</dt><dd className="font-mono break-all" data-testid="hiw-provider-arn">{g.provider.arn}</dd>
          <dt className="font-medium">Client IDs (audiences)</dt><dd className="font-mono break-all">{g.provider.clientIds.join(", ")}</dd>
        </dl>
        <p className="text-sm text-slate-600">trustmap creates the provider, or adds a missing audience to it, when a reconcile applies the first grant that needs it.</p>
      </section>

      <section aria-labelledby="hiw-trust" className="space-y-2">
        <h2 id="hiw-trust" className="text-lg font-medium">2. A role trusts only the jobs whose token&apos;s <code>sub</code> matches</h2>
        <p>
          For a generic OIDC provider IAM offers two condition keys from the token: <span className={code}>{g.keys.aud}</span> (must equal the
          audience) and <span className={code}>{g.keys.sub}</span>. GitLab&apos;s <code>sub</code> reads
          <span className={code}>project_path:&#123;group&#125;/&#123;project&#125;:ref_type:&#123;branch|tag&#125;:ref:&#123;ref&#125;</span>, so the <code>sub</code>
          condition is what limits a role to a project and a branch or tag. Without it, any project on the GitLab instance could assume the role.
        </p>
        <p>
          The statement trustmap writes into <span className="font-mono">{g.role.name}</span>&apos;s trust policy for {where}
          {" "}(<code>StringLike</code> on <span className={code}>{g.keys.sub}</span> = <span className="font-mono" data-testid="hiw-sub">{g.subPatterns.join(", ")}</span>):
        </p>
        <pre className={pre} data-testid="hiw-trust-policy">{g.trustPolicy}</pre>
        <p className="text-sm text-slate-600">trustmap owns only the statements it names <code>TrustmapManaged…</code> and keeps every other statement as it is.</p>
      </section>

      <section aria-labelledby="hiw-job" className="space-y-2">
        <h2 id="hiw-job" className="text-lg font-medium">3. The CI job asks GitLab for an ID token and logs in with it</h2>
        <p>
          <code>id_tokens</code> makes GitLab put a signed token for the audience <span className={code}>{g.audience}</span> into the job. The job writes
          it to a file, and the AWS CLI or SDK exchanges it for the role&apos;s credentials with <code>sts:AssumeRoleWithWebIdentity</code> (web-identity
          login); AWS checks the signature with the provider and the claims with the trust policy above.
        </p>
        <pre className={pre} data-testid="hiw-ci-job">{g.ciJob}</pre>
      </section>

      <section aria-labelledby="hiw-trustmap" className="space-y-2">
        <h2 id="hiw-trustmap" className="text-lg font-medium">Where trustmap comes in</h2>
        <ol className="list-decimal space-y-1 pl-5">
          <li>A developer <Link className="text-blue-800 underline" href="/requests">requests</Link> that a project or group, on a branch or tag, may assume a role; the preview shows the <code>sub</code> pattern, the trust policy after the change and the CI job.</li>
          <li>A second person approves it{can(user, "approvals.view") ? <> on <Link className="text-blue-800 underline" href="/approvals">Approvals</Link></> : null}; high-risk grants need two approvers.</li>
          <li>An approver or admin plans and applies on {can(user, "reconcile.view") ? <Link className="text-blue-800 underline" href="/reconcile">Reconcile</Link> : "Reconcile"}: trustmap writes the trust policy (piece 2), creates the provider if needed (piece 1), and sets <code>ROLE_ARN</code> and <code>AWS_REGION</code> variables in the project for the job (piece 3).</li>
          <li>Anyone can check a job in the <Link className="text-blue-800 underline" href="/simulator">Simulator</Link>; auditors see who can assume what on Access, from the policies read from IAM; a drift check finds changes made outside trustmap.</li>
        </ol>
      </section>
    </article>
  );
}
