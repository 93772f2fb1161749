"use client";
import { useState } from "react";
import { runSimulationAction } from "@/lib/actions/simulate/run-simulation";
import type { TSimulateOutput } from "@/lib/schemas/simulate";
import { FieldError } from "@/components/field-error";
import { useActionForm } from "@/components/use-action-form";
import { SimulationResult } from "./simulation-result";

const input = "mt-1 w-full rounded border border-slate-300 px-2 py-1";

export function Simulator({ defaults, roles }: { defaults: { issuerUrl: string; audience: string }; roles: { arn: string; name: string; read: boolean }[] }) {
  const [mode, setMode] = useState<"job" | "token">("job");
  const { pending, fieldErrors, error, run } = useActionForm();
  const [result, setResult] = useState<TSimulateOutput | null>(null);

  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    const get = (k: string) => String(fd.get(k) ?? "");
    const target = { roleArn: get("roleArn") || undefined, policyText: get("policyText") || undefined };
    const payload =
      mode === "job"
        ? { ...target, job: { issuerUrl: get("issuerUrl"), audience: get("audience"), projectPath: get("projectPath"), refType: get("refType") as "branch" | "tag", ref: get("ref") } }
        : { ...target, token: get("token") };
    setResult(null);
    run(() => runSimulationAction(payload), setResult);
  }

  const err = (key: string) => fieldErrors[key] ?? fieldErrors[`job.${key}`];

  return (
    <div className="mt-6 space-y-6">
      <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="Simulate" className="space-y-4 rounded border border-slate-200 bg-white p-4">
        <fieldset className="flex gap-6">
          <legend className="sr-only">What to evaluate</legend>
          <label className="flex items-center gap-2"><input type="radio" name="mode" checked={mode === "job"} onChange={() => setMode("job")} /> Describe the job</label>
          <label className="flex items-center gap-2"><input type="radio" name="mode" checked={mode === "token"} onChange={() => setMode("token")} /> Paste an ID token</label>
        </fieldset>
        {mode === "job" ? (
          <div className="grid gap-3 md:grid-cols-3">
            <div className="md:col-span-2">
              <label htmlFor="sim-project" className="block text-sm font-medium">Project path</label>
              <input id="sim-project" name="projectPath" placeholder="group/subgroup/project" required className={input} aria-describedby="sim-project-error" />
              <FieldError id="sim-project-error" messages={err("projectPath")} />
            </div>
            <div>
              <label htmlFor="sim-reftype" className="block text-sm font-medium">Ref type</label>
              <select id="sim-reftype" name="refType" className={input}><option value="branch">branch</option><option value="tag">tag</option></select>
            </div>
            <div>
              <label htmlFor="sim-ref" className="block text-sm font-medium">Ref</label>
              <input id="sim-ref" name="ref" defaultValue="main" required className={input} aria-describedby="sim-ref-error" />
              <FieldError id="sim-ref-error" messages={err("ref")} />
            </div>
            <div>
              <label htmlFor="sim-issuer" className="block text-sm font-medium">Issuer (GitLab URL)</label>
              <input id="sim-issuer" name="issuerUrl" defaultValue={defaults.issuerUrl} required className={input} aria-describedby="sim-issuer-error" />
              <FieldError id="sim-issuer-error" messages={err("issuerUrl")} />
            </div>
            <div>
              <label htmlFor="sim-aud" className="block text-sm font-medium">Audience (aud)</label>
              <input id="sim-aud" name="audience" defaultValue={defaults.audience} required className={input} aria-describedby="sim-aud-error" />
              <FieldError id="sim-aud-error" messages={err("audience")} />
            </div>
          </div>
        ) : (
          <div>
            <label htmlFor="sim-token" className="block text-sm font-medium">GitLab ID token (JWT; the signature is not checked)</label>
            <textarea id="sim-token" name="token" rows={4} required className={`${input} font-mono text-xs`} aria-describedby="sim-token-error" />
            <FieldError id="sim-token-error" messages={err("token")} />
          </div>
        )}
        <div className="grid gap-3 md:grid-cols-2">
          <div>
            <label htmlFor="sim-role" className="block text-sm font-medium">Role</label>
            <select id="sim-role" name="roleArn" className={input}>
              <option value="">Every managed role</option>
              {roles.map((r) => <option key={r.arn} value={r.arn}>{r.name}{r.read ? "" : " (not read from IAM yet)"}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="sim-policy" className="block text-sm font-medium">…or paste a trust policy (JSON, optional)</label>
            <textarea id="sim-policy" name="policyText" rows={2} className={`${input} font-mono text-xs`} />
          </div>
        </div>
        <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">{pending ? "Evaluating…" : "Evaluate"}</button>
      </form>
      {error ? <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-800">{error}</p> : null}
      {result ? <SimulationResult result={result} /> : null}
    </div>
  );
}
