"use client";
import { useState } from "react";
import { createApiTokenAction } from "@/lib/actions/tokens/create-api-token";
import { revokeApiTokenAction } from "@/lib/actions/tokens/revoke-api-token";
import { utcTime } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input } from "@/components/ui/field";
import { Alert, Notice } from "@/components/ui/notice";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";

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
      <form onSubmit={(e) => { e.preventDefault(); onCreate(e.currentTarget); }} aria-label="Create API token" className="flex flex-wrap items-start gap-4 rounded border border-slate-200 bg-white p-4">
        <Field id="token-name" label="Name" errors={fieldErrors.name} className="w-full sm:w-auto">
          {(w) => <Input name="name" required maxLength={100} fit="auto" {...w} />}
        </Field>
        <Field id="token-days" label="Expires in (days, empty = never)" errors={fieldErrors.expiresInDays}>
          {(w) => <Input name="expiresInDays" type="number" min={1} max={366} defaultValue={90} className="w-32" fit="auto" {...w} />}
        </Field>
        <Button type="submit" disabled={pending} className="sm:mt-6">{pending ? "Creating…" : "Create token"}</Button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {created ? (
        <Notice role="status" tone="success">
          <p className="font-medium">Copy this token now; it will not be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="new-token" className="block min-w-0 flex-1 rounded bg-white p-2 font-mono text-sm break-all">{created}</code>
            <CopyButton text={created} what="API token" />
          </div>
        </Notice>
      ) : null}
      <Table label="Your API tokens" minWidth="min-w-[40rem]">
        <THead columns={["Name", "Token", "Created", "Expires", "Last used", "Status", <span key="a" className="sr-only">Actions</span>]} />
        <tbody>
          {tokens.length === 0 ? <EmptyRow colSpan={7}>No tokens yet.</EmptyRow> : null}
          {tokens.map((t) => (
            <Tr key={t.id} top={false}>
              <Td>{t.name}</Td>
              <Td className="font-mono">{t.prefix}…</Td>
              <Td className="whitespace-nowrap">{utcTime(t.createdAt)}</Td>
              <Td className="whitespace-nowrap">{t.expiresAt ? utcTime(t.expiresAt) : "never"}</Td>
              <Td className="whitespace-nowrap">{t.lastUsedAt ? utcTime(t.lastUsedAt) : "never"}</Td>
              <Td>{status(t)}</Td>
              <Td>
                {status(t) === "active" ? (
                  <Button variant="danger-outline" size="xs" disabled={pending} onClick={() => run(() => revokeApiTokenAction({ id: t.id }))}>
                    Revoke
                  </Button>
                ) : null}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
