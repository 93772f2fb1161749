"use client";
import { useState } from "react";
import { createApiTokenAction } from "@/lib/actions/tokens/create-api-token";
import { revokeApiTokenAction } from "@/lib/actions/tokens/revoke-api-token";
import { FieldError } from "./field-error";
import { useActionForm } from "./use-action-form";
import { utcTime } from "@/lib/format";

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function status(t: TokenRow): string {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && new Date(t.expiresAt) <= new Date()) return "expired";
  return "active";
}

export function ApiTokens({ tokens }: { tokens: TokenRow[] }) {
  const { pending, fieldErrors, error, run } = useActionForm();
  const [created, setCreated] = useState<string | null>(null);

  // onSubmit, not a form action: React resets a form after an action, which would throw away
  // what the user typed when the server refuses it.
  function onCreate(form: HTMLFormElement) {
    const formData = new FormData(form);
    const days = String(formData.get("expiresInDays") ?? "").trim();
    run(
      () => createApiTokenAction({ name: String(formData.get("name") ?? ""), expiresInDays: days === "" ? null : Number(days) }),
      (data) => {
        setCreated(data.token);
        form.reset();
      },
    );
  }

  return (
    <div className="mt-6 space-y-6">
      <form onSubmit={(e) => { e.preventDefault(); onCreate(e.currentTarget); }} className="flex flex-wrap items-end gap-4 rounded border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="token-name" className="block text-sm font-medium">Name</label>
          <input id="token-name" name="name" required maxLength={100} aria-invalid={Boolean(fieldErrors.name)} aria-describedby="token-name-error" className="mt-1 rounded border border-slate-300 px-2 py-1" />
          <FieldError id="token-name-error" messages={fieldErrors.name} />
        </div>
        <div>
          <label htmlFor="token-days" className="block text-sm font-medium">Expires in (days, empty = never)</label>
          <input id="token-days" name="expiresInDays" type="number" min={1} max={366} defaultValue={90} aria-describedby="token-days-error" className="mt-1 w-32 rounded border border-slate-300 px-2 py-1" />
          <FieldError id="token-days-error" messages={fieldErrors.expiresInDays} />
        </div>
        <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      {created ? (
        <div role="status" className="rounded border border-green-300 bg-green-50 p-4">
          <p className="font-medium">Copy this token now; it will not be shown again.</p>
          <code data-testid="new-token" className="mt-2 block break-all rounded bg-white p-2 font-mono text-sm">{created}</code>
        </div>
      ) : null}
      <table className="w-full border-collapse bg-white text-sm">
        <thead>
          <tr className="border-b text-left">
            <th className="p-2">Name</th><th className="p-2">Token</th><th className="p-2">Created</th><th className="p-2">Expires</th><th className="p-2">Last used</th><th className="p-2">Status</th><th className="p-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.length === 0 ? (
            <tr><td colSpan={7} className="p-2 text-slate-600">No tokens yet.</td></tr>
          ) : (
            tokens.map((t) => (
              <tr key={t.id} className="border-b">
                <td className="p-2">{t.name}</td>
                <td className="p-2 font-mono">{t.prefix}…</td>
                <td className="p-2">{t.createdAt.slice(0, 10)}</td>
                <td className="p-2">{t.expiresAt?.slice(0, 10) ?? "never"}</td>
                <td className="p-2">{(t.lastUsedAt ? utcTime(t.lastUsedAt) : "never")}</td>
                <td className="p-2">{status(t)}</td>
                <td className="p-2">
                  {status(t) === "active" ? (
                    <button
                      className="rounded border border-red-300 px-2 py-1 text-red-800 hover:bg-red-50"
                      disabled={pending}
                      onClick={() => run(() => revokeApiTokenAction({ id: t.id }))}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
