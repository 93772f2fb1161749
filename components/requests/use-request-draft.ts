"use client";
import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import type { TPreviewOutput } from "@/app/api/v1/requests/preview/route";
import { useActionForm } from "@/components/ui/use-action-form";
import { newDraft, previewable, roleOptions, withField, type Draft, type PreviewBody, type RequestPrefill, type RoleChoice } from "./draft";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

async function fetchPreview(body: PreviewBody): Promise<TPreviewOutput> {
  const res = await fetch("/api/v1/requests/preview", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as TPreviewOutput | { error: { message: string } };
  if (!res.ok || "error" in json) throw new Error("error" in json ? json.error.message : `Preview failed (${res.status})`);
  return json;
}

/**
 * The request form's state: the draft, the role search, the live preview (debounced, cached by
 * TanStack Query) and filing the request. Field errors come from the preview as the user types
 * and from the server on submit; the submit's win, and a field's clears when it changes.
 */
export function useRequestDraft(roles: readonly RoleChoice[], prefill: RequestPrefill) {
  const [draft, setDraft] = useState<Draft>(() => newDraft(prefill));
  const [search, setSearchText] = useState("");
  const [filed, setFiled] = useState<string | null>(null);
  const action = useActionForm({ refresh: true });

  const role = roles.find((r) => r.id === draft.roleId) ?? null;
  const picker = roleOptions(roles, search, draft.roleId);

  // Debounced as a string: a fresh object every render would restart the timer and re-render forever.
  const bodyJson = useDebounced(JSON.stringify(previewable(draft)), 350);
  const body = useMemo(() => JSON.parse(bodyJson) as PreviewBody | null, [bodyJson]);
  const preview = useQuery({ queryKey: ["request-preview", body], queryFn: () => fetchPreview(body!), enabled: body !== null, staleTime: 30_000 });

  function set<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((d) => withField(d, key, value, roles));
    action.clearFieldError(key);
  }

  /** Typing narrows the role list; when exactly one role matches, it is chosen. */
  function setSearch(text: string) {
    setSearchText(text);
    const { single } = roleOptions(roles, text, draft.roleId);
    if (single && single.id !== draft.roleId) set("roleId", single.id);
  }

  const live = preview.data && body !== null ? preview.data.fieldErrors : {};
  const errors: Record<string, string[] | undefined> = { ...live, ...action.fieldErrors };

  function submit() {
    setFiled(null);
    const sent = draft;
    action.run(
      () => createRequestAction({ ...sent, environment: sent.environment || null, expiresAt: sent.expiresAt || null }),
      (data) => {
        if (!data.created) {
          action.refuse(data.fieldErrors);
          return;
        }
        setFiled(`Request filed for ${sent.gitlabPath}: ${data.riskTier === "high" ? "high risk, needs 2 approvers" : "normal risk, needs 1 approver"}.`);
        setDraft((d) => ({ ...d, gitlabPath: "", justification: "", expiresAt: "", environment: "" }));
      },
    );
  }

  const hasFieldErrors = Object.keys(action.fieldErrors).length > 0;
  return {
    draft,
    set,
    role,
    search,
    setSearch,
    picker,
    errors,
    submit,
    pending: action.pending,
    filed,
    failure: hasFieldErrors ? "Some fields need attention." : action.error,
    preview: {
      data: body === null ? null : (preview.data ?? null),
      loading: body !== null && preview.isFetching,
      error: preview.error ? preview.error.message : null,
    },
  };
}
