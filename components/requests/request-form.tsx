"use client";
import { useEffect, useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import type { TPreviewOutput } from "@/app/api/v1/requests/preview/route";
import { FieldError } from "@/components/field-error";
import { RequestPreviewPanel } from "./request-preview";

export interface RoleChoice {
  id: string;
  name: string;
  arn: string;
  production: boolean;
  accountId: string;
  accountName: string;
  audiences: string[];
}

interface Draft {
  roleId: string;
  scope: "group" | "project";
  gitlabPath: string;
  refType: "branch" | "tag" | "any";
  refPattern: string;
  environment: string;
  audience: string;
  justification: string;
  expiresAt: string;
}

const input = "mt-1 w-full rounded border border-slate-300 px-2 py-1";
const label = "block text-sm font-medium";

/** The draft as the preview route takes it, once it is complete enough to compile. */
function previewable(d: Draft) {
  if (!d.roleId || !d.gitlabPath.trim() || !d.refPattern.trim() || !d.audience) return null;
  return { roleId: d.roleId, scope: d.scope, gitlabPath: d.gitlabPath, refType: d.refType, refPattern: d.refPattern, environment: d.environment || null, audience: d.audience };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

async function fetchPreview(body: NonNullable<ReturnType<typeof previewable>>): Promise<TPreviewOutput> {
  const res = await fetch("/api/v1/requests/preview", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as TPreviewOutput | { error: { message: string } };
  if (!res.ok || "error" in json) throw new Error("error" in json ? json.error.message : `Preview failed (${res.status})`);
  return json;
}

/** Fields a link may pre-fill (e.g. "Move to OIDC" from the inventory); the user still reviews and files. */
export type RequestPrefill = Partial<Pick<Draft, "scope" | "gitlabPath" | "refType" | "refPattern">>;

export function RequestForm({ roles, prefill = {} }: { roles: RoleChoice[]; prefill?: RequestPrefill }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useState("");
  const first = roles[0];
  const [draft, setDraft] = useState<Draft>({
    roleId: first?.id ?? "",
    scope: prefill.scope ?? "project",
    gitlabPath: prefill.gitlabPath ?? "",
    refType: prefill.refType ?? "branch",
    refPattern: prefill.refPattern ?? "main",
    environment: "",
    audience: first?.audiences[0] ?? "",
    justification: "",
    expiresAt: "",
  });
  const [submitErrors, setSubmitErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const role = roles.find((r) => r.id === draft.roleId);
  const matching = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const found = needle ? roles.filter((r) => `${r.name} ${r.arn} ${r.accountName}`.toLowerCase().includes(needle)) : roles;
    // Keep the selected role in the list so the select never silently changes value.
    return role && !found.includes(role) ? [role, ...found] : found;
  }, [roles, search, role]);

  const body = useDebounced(previewable(draft), 350);
  const preview = useQuery({ queryKey: ["request-preview", body], queryFn: () => fetchPreview(body!), enabled: body !== null, staleTime: 30_000 });

  function set<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((d) => {
      const next = { ...d, [key]: value };
      if (key === "roleId") {
        const r = roles.find((x) => x.id === value);
        if (r && !r.audiences.includes(next.audience)) next.audience = r.audiences[0] ?? "";
      }
      return next;
    });
    setSubmitErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _gone, ...rest } = e;
      void _gone;
      return rest;
    });
  }

  const live = preview.data && body !== null ? preview.data.fieldErrors : {};
  const errors: Record<string, string[] | undefined> = { ...live, ...submitErrors };

  function submit() {
    startTransition(async () => {
      const res = await createRequestAction({ ...draft, environment: draft.environment || null, expiresAt: draft.expiresAt || null });
      if (!res.ok) {
        setSubmitErrors(res.fieldErrors ?? {});
        setMessage({ kind: "error", text: res.fieldErrors ? "Some fields need attention." : res.error });
        return;
      }
      if (!res.data.created) {
        setSubmitErrors(res.data.fieldErrors);
        setMessage({ kind: "error", text: "Some fields need attention." });
        return;
      }
      setSubmitErrors({});
      setMessage({
        kind: "ok",
        text: `Request filed for ${draft.gitlabPath}: ${res.data.riskTier === "high" ? "high risk, needs 2 approvers" : "normal risk, needs 1 approver"}.`,
      });
      setDraft((d) => ({ ...d, gitlabPath: "", justification: "", expiresAt: "", environment: "" }));
      router.refresh();
    });
  }

  if (roles.length === 0) return <p className="text-sm text-slate-600">No IAM role is registered yet; an admin registers roles in Settings.</p>;

  const field = (name: keyof Draft) => ({ "aria-invalid": Boolean(errors[name]), "aria-describedby": `req-${name}-error` });

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        aria-label="Request access"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="grid content-start gap-3 rounded border border-slate-200 bg-white p-4"
      >
        <div>
          <label htmlFor="req-role-search" className={label}>Find a role</label>
          <input id="req-role-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name, ARN or account" className={input} />
        </div>
        <div>
          <label htmlFor="req-roleId" className={label}>AWS account and role</label>
          <select id="req-roleId" value={draft.roleId} onChange={(e) => set("roleId", e.target.value)} className={input} {...field("roleId")}>
            {matching.map((r) => (
              <option key={r.id} value={r.id}>
                {r.accountName} ({r.accountId}) / {r.name}{r.production ? " [production]" : ""}
              </option>
            ))}
          </select>
          <FieldError id="req-roleId-error" messages={errors.roleId} />
        </div>
        <div className="grid grid-cols-3 gap-3">
          <div>
            <label htmlFor="req-scope" className={label}>Scope</label>
            <select id="req-scope" value={draft.scope} onChange={(e) => set("scope", e.target.value as Draft["scope"])} className={input} {...field("scope")}>
              <option value="project">Project</option>
              <option value="group">Group (every project)</option>
            </select>
            <FieldError id="req-scope-error" messages={errors.scope} />
          </div>
          <div className="col-span-2">
            <label htmlFor="req-gitlabPath" className={label}>GitLab {draft.scope} path</label>
            <input id="req-gitlabPath" value={draft.gitlabPath} onChange={(e) => set("gitlabPath", e.target.value)} placeholder={draft.scope === "group" ? "acme/platform" : "acme/web"} className={`${input} font-mono`} autoComplete="off" {...field("gitlabPath")} />
            <FieldError id="req-gitlabPath-error" messages={errors.gitlabPath} />
          </div>
        </div>
        <div className="grid grid-cols-3 gap-3">
          <div>
            <label htmlFor="req-refType" className={label}>Ref type</label>
            <select id="req-refType" value={draft.refType} onChange={(e) => set("refType", e.target.value as Draft["refType"])} className={input} {...field("refType")}>
              <option value="branch">Branch</option>
              <option value="tag">Tag</option>
              <option value="any">Branch or tag</option>
            </select>
            <FieldError id="req-refType-error" messages={errors.refType} />
          </div>
          <div className="col-span-2">
            <label htmlFor="req-refPattern" className={label}>Ref or glob</label>
            <input id="req-refPattern" value={draft.refPattern} onChange={(e) => set("refPattern", e.target.value)} placeholder="main, release/*, v*" className={`${input} font-mono`} autoComplete="off" {...field("refPattern")} />
            <FieldError id="req-refPattern-error" messages={errors.refPattern} />
          </div>
        </div>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor="req-environment" className={label}>Environment (optional)</label>
            <input id="req-environment" value={draft.environment} onChange={(e) => set("environment", e.target.value)} placeholder="production" className={input} {...field("environment")} />
            <FieldError id="req-environment-error" messages={errors.environment} />
          </div>
          <div>
            <label htmlFor="req-audience" className={label}>Audience (aud)</label>
            <select id="req-audience" value={draft.audience} onChange={(e) => set("audience", e.target.value)} className={input} {...field("audience")}>
              {(role?.audiences ?? []).map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
            <FieldError id="req-audience-error" messages={errors.audience} />
          </div>
        </div>
        <div>
          <label htmlFor="req-justification" className={label}>Justification</label>
          <textarea id="req-justification" value={draft.justification} onChange={(e) => set("justification", e.target.value)} rows={3} required className={input} placeholder="Why does this job need the role?" {...field("justification")} />
          <FieldError id="req-justification-error" messages={errors.justification} />
        </div>
        <div>
          <label htmlFor="req-expiresAt" className={label}>Expires (optional)</label>
          <input id="req-expiresAt" type="date" value={draft.expiresAt} onChange={(e) => set("expiresAt", e.target.value)} className={input} {...field("expiresAt")} />
          <FieldError id="req-expiresAt-error" messages={errors.expiresAt} />
        </div>
        <div className="flex items-center gap-3">
          <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">
            {pending ? "Filing request…" : "File request"}
          </button>
          {message ? (
            <span role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "text-red-700" : "text-green-800"}>
              {message.text}
            </span>
          ) : null}
        </div>
      </form>
      <RequestPreviewPanel data={body === null ? null : (preview.data ?? null)} loading={body !== null && preview.isFetching} error={preview.error ? preview.error.message : null} production={role?.production ?? false} />
    </div>
  );
}
