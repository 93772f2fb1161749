"use client";
import { useState } from "react";
import { importGrantsAction } from "@/lib/actions/settings/import-grants";
import type { ImportCandidate, ImportProposal } from "@/lib/reconcile/adopt";
import { FindingsList } from "@/components/requests/findings-list";
import { selectorText } from "@/lib/mappings/model";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { TextLink } from "@/components/ui/text-link";
import { useActionForm } from "@/components/ui/use-action-form";

function proposalKey(statementIndex: number, p: Pick<ImportProposal, "pattern" | "audience">): string {
  return `${statementIndex}\n${p.pattern}\n${p.audience}`;
}

function grantText(p: ImportProposal): string {
  return selectorText({ scope: p.selector.scope, gitlabPath: p.selector.path, refType: p.selector.refType, refPattern: p.selector.ref });
}

/**
 * One role found in IAM: each statement that trusts the account's GitLab provider, its grants as
 * mappings to tick, what cannot be imported and why, and the linter's findings. Importing records
 * the ticked grants as approved mappings; the server reads the trust policy again first.
 */
export function ImportRoleForm({ candidate }: { candidate: ImportCandidate }) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [justification, setJustification] = useState("");
  const [production, setProduction] = useState(false);
  const [quota, setQuota] = useState("2048");
  const [done, setDone] = useState<{ count: number; roleId: string } | null>(null);
  const id = `import-${candidate.roleName}`;

  function toggle(key: string, on: boolean) {
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  function submit() {
    const grants = candidate.statements.flatMap((s) => s.proposals.filter((p) => chosen.has(proposalKey(s.statementIndex, p))).map((p) => ({ statementIndex: s.statementIndex, pattern: p.pattern, audience: p.audience })));
    setDone(null);
    run(
      () =>
        importGrantsAction({
          accountId: candidate.accountId,
          roleName: candidate.roleName,
          policySha256: candidate.policySha256,
          grants,
          justification,
          production,
          trustPolicyQuota: Number(quota) as 2048 | 4096 | 8192,
        }),
      (data) => {
        setDone({ count: data.mappingIds.length, roleId: data.roleId });
        setChosen(new Set());
      },
    );
  }

  const importable = candidate.statements.some((s) => s.proposals.some((p) => !p.alreadyMapped));
  // Errors about input no field shows (the chosen grants, the fingerprint) go beside the button.
  const unshown = Object.entries(fieldErrors).flatMap(([k, v]) => (k === "justification" || k === "trustPolicyQuota" ? [] : v));
  return (
    <section aria-labelledby={`${id}-h`} className="rounded border border-slate-200 bg-white p-4" data-testid={`import-candidate-${candidate.roleName}`}>
      <h3 id={`${id}-h`} className="flex flex-wrap items-center gap-2 font-medium">
        {candidate.roleName}
        {candidate.registered ? <Badge tone="blue">registered</Badge> : <Badge tone="muted">not registered</Badge>}
      </h3>
      <p className="font-mono text-xs break-all text-slate-700">{candidate.roleArn}</p>
      <form
        aria-label={`Import grants of ${candidate.roleName}`}
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {candidate.statements.map((s) => (
          <fieldset key={s.statementIndex} className="rounded border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">
              Statement {s.sid ? `${s.sid} (#${s.statementIndex})` : `#${s.statementIndex}`}
              {s.owned ? " — trustmap's own, written by an earlier installation" : ""}
            </legend>
            {s.proposals.length > 0 ? (
              <ul className="space-y-1 text-sm">
                {s.proposals.map((p) => {
                  const key = proposalKey(s.statementIndex, p);
                  return (
                    <li key={key}>
                      <label className="flex flex-wrap items-baseline gap-2">
                        <input type="checkbox" checked={chosen.has(key)} disabled={p.alreadyMapped || pending} onChange={(e) => toggle(key, e.target.checked)} />
                        <span className="font-mono break-all">{grantText(p)}</span>
                        <span className="text-slate-700">aud {p.audience}</span>
                        {p.alreadyMapped ? <Badge tone="muted">already a mapping</Badge> : null}
                      </label>
                      <span className="ml-6 block font-mono text-xs break-all text-slate-700">from {p.pattern}</span>
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {s.unadoptable.length > 0 ? (
              <ul className="mt-2 space-y-1 text-sm text-amber-950">
                {s.unadoptable.map((reason, i) => <li key={i}>Not importable: {reason}</li>)}
              </ul>
            ) : null}
            {s.findings.length > 0 ? <FindingsList findings={s.findings} /> : null}
          </fieldset>
        ))}
        {importable ? (
          <>
            <div className="grid gap-3 md:grid-cols-3">
              <Field id={`${id}-justification`} label="Why trustmap takes these over" errors={fieldErrors.justification} className="md:col-span-3">
                {(w) => <Input value={justification} onChange={(e) => setJustification(e.target.value)} {...w} />}
              </Field>
              {candidate.registered ? null : (
                <>
                  <Field id={`${id}-quota`} label="Trust policy quota" errors={fieldErrors.trustPolicyQuota}>
                    {(w) => (
                      <Select value={quota} onChange={(e) => setQuota(e.target.value)} {...w}>
                        <option value="2048">2,048 (default)</option><option value="4096">4,096</option><option value="8192">8,192</option>
                      </Select>
                    )}
                  </Field>
                  <label className="flex items-center gap-2 self-end text-sm md:col-span-2">
                    <input type="checkbox" checked={production} onChange={(e) => setProduction(e.target.checked)} /> Production role (stricter rules)
                  </label>
                </>
              )}
            </div>
            <p className="text-sm text-slate-700">
              The ticked grants become approved mappings recorded as imported by you: they record what IAM already grants and add no access.
              {candidate.registered ? "" : " The role is registered with them."} The next plan then writes trustmap&apos;s own statement with the same grants (the
              hand-written one stays until you remove it) and the projects&apos; CI/CD variables; review it before applying.
            </p>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" disabled={pending || chosen.size === 0}>{pending ? "Importing…" : `Import ${chosen.size} grant${chosen.size === 1 ? "" : "s"}`}</Button>
              <FormMessage error={error ?? (unshown.length > 0 ? unshown.join(" ") : null)} />
              {done ? (
                <span role="status" className="text-green-800">
                  Imported {done.count} mapping{done.count === 1 ? "" : "s"}. <TextLink href={`/mappings?roleId=${done.roleId}`}>See them</TextLink>
                </span>
              ) : null}
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-700">Nothing here can be imported{candidate.statements.some((s) => s.proposals.length > 0) ? ": every grant is already a mapping" : ""}.</p>
        )}
      </form>
    </section>
  );
}
