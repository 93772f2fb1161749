"use client";
import { useState } from "react";
import { registerIamRoleAction } from "@/lib/actions/settings/register-iam-role";
import { FieldError } from "@/components/field-error";
import { useActionForm } from "@/components/use-action-form";

const input = "mt-1 w-full rounded border border-slate-300 px-2 py-1";

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

  if (accounts.length === 0) return <p className="text-sm text-slate-600">Add an AWS account first.</p>;
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-3" aria-label="Register IAM role">
      <div>
        <label htmlFor="role-account" className="block text-sm font-medium">AWS account</label>
        <select id="role-account" name="awsAccountId" className={input} aria-describedby="role-account-error">
          {accounts.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
        </select>
        <FieldError id="role-account-error" messages={errors.awsAccountId} />
      </div>
      <div>
        <label htmlFor="role-name" className="block text-sm font-medium">Role name</label>
        <input id="role-name" name="name" required className={input} aria-invalid={Boolean(errors.name)} aria-describedby="role-name-error" />
        <FieldError id="role-name-error" messages={errors.name} />
      </div>
      <div>
        <label htmlFor="role-path" className="block text-sm font-medium">Path</label>
        <input id="role-path" name="path" defaultValue="/" className={input} aria-describedby="role-path-error" />
        <FieldError id="role-path-error" messages={errors.path} />
      </div>
      <div className="md:col-span-2">
        <label htmlFor="role-description" className="block text-sm font-medium">Description</label>
        <input id="role-description" name="description" className={input} />
      </div>
      <div>
        <label htmlFor="role-quota" className="block text-sm font-medium">Trust policy quota</label>
        <select id="role-quota" name="trustPolicyQuota" defaultValue="2048" className={input}>
          <option value="2048">2,048 (default)</option><option value="4096">4,096</option><option value="8192">8,192</option>
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="production" /> Production role (stricter rules, two approvers for risky requests)</label>
      <div className="md:col-span-3 flex items-center gap-3">
        <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">{pending ? "Registering…" : "Register role"}</button>
        {message ? <span role="status">{message}</span> : null}
        {error ? <span role="alert" className="text-red-700">{error}</span> : null}
      </div>
    </form>
  );
}
