"use client";
import { useState } from "react";
import { registerIamRoleAction } from "@/lib/actions/settings/register-iam-role";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

export function IamRoleForm({ accounts }: { accounts: { id: string; label: string }[] }) {
  const { pending, fieldErrors: errors, error, run } = useActionForm();
  const [message, setMessage] = useState<string | null>(null);

  // onSubmit, not a form action: React resets a form after an action, which would throw away
  // what the user typed when the server refuses it.
  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    setMessage(null);
    run(
      () =>
        registerIamRoleAction({
          awsAccountId: String(fd.get("awsAccountId") ?? ""),
          name: String(fd.get("name") ?? ""),
          path: String(fd.get("path") ?? "/") || "/",
          description: String(fd.get("description") ?? ""),
          production: fd.get("production") === "on",
          trustPolicyQuota: Number(fd.get("trustPolicyQuota")) as 2048 | 4096 | 8192,
        }),
      (data) => setMessage(`Registered ${data.arn}.`),
    );
  }

  if (accounts.length === 0) return <p className="text-sm text-slate-700">Add an AWS account first.</p>;
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-3" aria-label="Register IAM role">
      <Field id="role-account" label="AWS account" errors={errors.awsAccountId}>
        {(w) => <Select name="awsAccountId" {...w}>{accounts.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}</Select>}
      </Field>
      <Field id="role-name" label="Role name" errors={errors.name}>
        {(w) => <Input name="name" required {...w} />}
      </Field>
      <Field id="role-path" label="Path" errors={errors.path}>
        {(w) => <Input name="path" defaultValue="/" {...w} />}
      </Field>
      <Field id="role-description" label="Description" errors={errors.description} className="md:col-span-2">
        {(w) => <Input name="description" {...w} />}
      </Field>
      <Field id="role-quota" label="Trust policy quota" errors={errors.trustPolicyQuota}>
        {(w) => (
          <Select name="trustPolicyQuota" defaultValue="2048" {...w}>
            <option value="2048">2,048 (default)</option><option value="4096">4,096</option><option value="8192">8,192</option>
          </Select>
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm md:col-span-3"><input type="checkbox" name="production" /> Production role (stricter rules, two approvers for risky requests)</label>
      <div className="flex flex-wrap items-center gap-3 md:col-span-3">
        <Button type="submit" disabled={pending}>{pending ? "Registering…" : "Register role"}</Button>
        <FormMessage ok={message} error={error} className="break-all" />
      </div>
    </form>
  );
}
