"use client";
import { useState } from "react";
import { createAwsAccountAction } from "@/lib/actions/settings/create-aws-account";
import { FieldError } from "@/components/field-error";
import { useActionForm } from "@/components/use-action-form";

const input = "mt-1 w-full rounded border border-slate-300 px-2 py-1";

export function AwsAccountForm() {
  const { pending, fieldErrors: errors, error, run } = useActionForm();
  const [message, setMessage] = useState<string | null>(null);

  // onSubmit, not a form action: React resets a form after an action, which would throw away
  // what the user typed when the server refuses it.
  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    const managementRoleArn = String(fd.get("managementRoleArn") ?? "").trim();
    setMessage(null);
    run(
      () =>
        createAwsAccountAction({
        accountId: String(fd.get("accountId") ?? ""),
        name: String(fd.get("name") ?? ""),
        issuerUrl: String(fd.get("issuerUrl") ?? ""),
        audiences: String(fd.get("audiences") ?? "").split(/[\s,]+/).filter(Boolean),
        region: String(fd.get("region") ?? ""),
        managementRoleArn: managementRoleArn === "" ? null : managementRoleArn,
      }),
      () => {
        setMessage("Account added.");
        form.reset();
      },
    );
  }

  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`acct-${name}`} className="block text-sm font-medium">{label}</label>
      <input id={`acct-${name}`} name={name} aria-invalid={Boolean(errors[name])} aria-describedby={`acct-${name}-error`} className={input} {...props} />
      <FieldError id={`acct-${name}-error`} messages={errors[name]} />
    </div>
  );

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-3" aria-label="Add AWS account">
      {field("accountId", "Account id", { inputMode: "numeric", placeholder: "123456789012", required: true })}
      {field("name", "Name", { required: true })}
      {field("region", "Region", { defaultValue: "us-east-1", required: true })}
      {field("issuerUrl", "GitLab issuer URL", { defaultValue: "https://gitlab.com", required: true })}
      {field("audiences", "Audiences (comma-separated)", { defaultValue: "https://gitlab.com", required: true })}
      {field("managementRoleArn", "Role trustmap assumes (optional)")}
      <div className="md:col-span-3 flex items-center gap-3">
        <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">{pending ? "Adding…" : "Add account"}</button>
        {message ? <span role="status">{message}</span> : null}
        {error ? <span role="alert" className="text-red-700">{error}</span> : null}
      </div>
    </form>
  );
}
