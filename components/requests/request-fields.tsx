"use client";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { Draft, RoleChoice } from "./draft";

/** Every field of a request after the role: who (scope, path, ref), audience, why and until when. */
export function RequestFields({ draft, set, role, errors }: {
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
  role: RoleChoice | null;
  errors: Record<string, string[] | undefined>;
}) {
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="req-scope" label="Scope" errors={errors.scope}>
          {(w) => (
            <Select value={draft.scope} onChange={(e) => set("scope", e.target.value as Draft["scope"])} {...w}>
              <option value="project">Project</option>
              <option value="group">Group (every project)</option>
            </Select>
          )}
        </Field>
        <Field id="req-gitlabPath" label={`GitLab ${draft.scope} path`} errors={errors.gitlabPath} className="sm:col-span-2">
          {(w) => <Input value={draft.gitlabPath} onChange={(e) => set("gitlabPath", e.target.value)} placeholder={draft.scope === "group" ? "acme/platform" : "acme/web"} className="font-mono" autoComplete="off" {...w} />}
        </Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="req-refType" label="Ref type" errors={errors.refType}>
          {(w) => (
            <Select value={draft.refType} onChange={(e) => set("refType", e.target.value as Draft["refType"])} {...w}>
              <option value="branch">Branch</option>
              <option value="tag">Tag</option>
              <option value="any">Branch or tag</option>
            </Select>
          )}
        </Field>
        <Field id="req-refPattern" label="Ref or glob" errors={errors.refPattern} className="sm:col-span-2">
          {(w) => <Input value={draft.refPattern} onChange={(e) => set("refPattern", e.target.value)} placeholder="main, release/*, v*" className="font-mono" autoComplete="off" {...w} />}
        </Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="req-environment" label="Environment (optional)" errors={errors.environment}>
          {(w) => <Input value={draft.environment} onChange={(e) => set("environment", e.target.value)} placeholder="production" {...w} />}
        </Field>
        <Field id="req-audience" label="Audience (aud)" errors={errors.audience}>
          {(w) => (
            <Select value={draft.audience} onChange={(e) => set("audience", e.target.value)} disabled={!role} {...w}>
              {role ? role.audiences.map((a) => <option key={a} value={a}>{a}</option>) : <option value="">Choose a role first</option>}
            </Select>
          )}
        </Field>
      </div>
      <Field id="req-justification" label="Justification" errors={errors.justification}>
        {(w) => <Textarea value={draft.justification} onChange={(e) => set("justification", e.target.value)} rows={3} required placeholder="Why does this job need the role?" {...w} />}
      </Field>
      <Field id="req-expiresAt" label="Expires (optional)" errors={errors.expiresAt}>
        {(w) => <Input type="date" value={draft.expiresAt} onChange={(e) => set("expiresAt", e.target.value)} {...w} />}
      </Field>
    </>
  );
}
