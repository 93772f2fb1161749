"use client";
import { useEffect, useRef, useState } from "react";
import { runSimulationAction } from "@/lib/actions/simulate/run-simulation";
import type { TSimulateOutput } from "@/lib/schemas/simulate";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Alert } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";
import { SimulationResult } from "./simulation-result";

export function Simulator({ defaults, roles }: { defaults: { issuerUrl: string; audience: string }; roles: { arn: string; name: string; read: boolean }[] }) {
  const [mode, setMode] = useState<"job" | "token">("job");
  const { pending, fieldErrors, error, run } = useActionForm();
  const [result, setResult] = useState<TSimulateOutput | null>(null);
  // Each new result takes the focus (keyboard users land on it) and is announced politely.
  const [shown, setShown] = useState(0);
  const resultRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (shown > 0) resultRef.current?.focus();
  }, [shown]);

  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    const get = (k: string) => String(fd.get(k) ?? "");
    const target = { roleArn: get("roleArn") || undefined, policyText: get("policyText") || undefined };
    const payload =
      mode === "job"
        ? { ...target, job: { issuerUrl: get("issuerUrl"), audience: get("audience"), projectPath: get("projectPath"), refType: get("refType") as "branch" | "tag", ref: get("ref") } }
        : { ...target, token: get("token") };
    setResult(null);
    run(() => runSimulationAction(payload), (data) => {
      setResult(data);
      setShown((n) => n + 1);
    });
  }

  const err = (key: string) => fieldErrors[key] ?? fieldErrors[`job.${key}`];

  return (
    <div className="mt-6 space-y-6">
      <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="Simulate" className="space-y-4 rounded border border-slate-200 bg-white p-4">
        <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
          <legend className="sr-only">What to evaluate</legend>
          <label className="flex items-center gap-2"><input type="radio" name="mode" checked={mode === "job"} onChange={() => setMode("job")} /> Describe the job</label>
          <label className="flex items-center gap-2"><input type="radio" name="mode" checked={mode === "token"} onChange={() => setMode("token")} /> Paste an ID token</label>
        </fieldset>
        {mode === "job" ? (
          <div className="grid gap-3 md:grid-cols-3">
            <Field id="sim-project" label="Project path" errors={err("projectPath")} className="md:col-span-2">
              {(w) => <Input name="projectPath" placeholder="group/subgroup/project" required {...w} />}
            </Field>
            <Field id="sim-reftype" label="Ref type" errors={err("refType")}>
              {(w) => <Select name="refType" {...w}><option value="branch">branch</option><option value="tag">tag</option></Select>}
            </Field>
            <Field id="sim-ref" label="Ref" errors={err("ref")}>
              {(w) => <Input name="ref" defaultValue="main" required {...w} />}
            </Field>
            <Field id="sim-issuer" label="Issuer (GitLab URL)" errors={err("issuerUrl")}>
              {(w) => <Input name="issuerUrl" defaultValue={defaults.issuerUrl} required {...w} />}
            </Field>
            <Field id="sim-aud" label="Audience (aud)" errors={err("audience")}>
              {(w) => <Input name="audience" defaultValue={defaults.audience} required {...w} />}
            </Field>
          </div>
        ) : (
          <Field id="sim-token" label="GitLab ID token (JWT; the signature is not checked)" errors={err("token")}>
            {(w) => <Textarea name="token" rows={4} required className="font-mono text-xs" {...w} />}
          </Field>
        )}
        <div className="grid gap-3 md:grid-cols-2">
          <Field id="sim-role" label="Role" errors={err("roleArn")}>
            {(w) => (
              <Select name="roleArn" {...w}>
                <option value="">Every managed role</option>
                {roles.map((r) => <option key={r.arn} value={r.arn}>{r.name}{r.read ? "" : " (not read from IAM yet)"}</option>)}
              </Select>
            )}
          </Field>
          <Field id="sim-policy" label="…or paste a trust policy (JSON, optional)" errors={err("policyText")}>
            {(w) => <Textarea name="policyText" rows={2} className="font-mono text-xs" {...w} />}
          </Field>
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Evaluating…" : "Evaluate"}</Button>
      </form>
      <p aria-live="polite" className="sr-only">{result ? `Decision: ${result.decision}.` : ""}</p>
      {error ? <Alert>{error}</Alert> : null}
      {result ? <SimulationResult ref={resultRef} result={result} /> : null}
    </div>
  );
}
