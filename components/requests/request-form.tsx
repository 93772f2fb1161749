"use client";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/notice";
import { RequestPreviewPanel } from "./request-preview";
import { RequestFields } from "./request-fields";
import { RolePicker } from "./role-picker";
import { useRequestDraft } from "./use-request-draft";
import type { RequestPrefill, RoleChoice } from "./draft";

export type { RequestPrefill, RoleChoice } from "./draft";

/** The request form beside its live preview. */
export function RequestForm({ roles, prefill = {} }: { roles: RoleChoice[]; prefill?: RequestPrefill }) {
  const r = useRequestDraft(roles, prefill);
  if (roles.length === 0) return <p className="text-sm text-slate-700">No IAM role is registered yet; an admin registers roles in Settings.</p>;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        aria-label="Request access"
        onSubmit={(e) => {
          e.preventDefault();
          r.submit();
        }}
        className="grid min-w-0 content-start gap-3 rounded border border-slate-200 bg-white p-4"
      >
        <RolePicker
          roles={roles}
          options={r.picker.options}
          matches={r.picker.matches}
          search={r.search}
          onSearch={r.setSearch}
          chosen={r.role}
          onChoose={(id) => r.set("roleId", id)}
          errors={r.errors.roleId}
        />
        <RequestFields draft={r.draft} set={r.set} role={r.role} errors={r.errors} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={r.pending}>{r.pending ? "Filing request…" : "File request"}</Button>
          <FormMessage ok={r.filed} error={r.failure} />
        </div>
      </form>
      <RequestPreviewPanel data={r.preview.data} loading={r.preview.loading} error={r.preview.error} production={r.role?.production ?? false} what={`${r.draft.refType === "any" ? "ref" : r.draft.refType} ${r.draft.refPattern}`} />
    </div>
  );
}
