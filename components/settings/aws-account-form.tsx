"use client";
import { useState, type InputHTMLAttributes } from "react";
import { createAwsAccountAction } from "@/lib/actions/settings/create-aws-account";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

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

  const field = (name: string, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`acct-${name}`} label={label} errors={errors[name]}>
      {(w) => <Input name={name} {...props} {...w} />}
    </Field>
  );

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-3" aria-label="Add AWS account">
      {field("accountId", "Account id", { inputMode: "numeric", placeholder: "123456789012", required: true })}
      {field("name", "Name", { required: true })}
      {field("region", "Region", { defaultValue: "us-east-1", required: true })}
      {field("issuerUrl", "GitLab issuer URL", { defaultValue: "https://gitlab.com", required: true })}
      {field("audiences", "Audiences (comma-separated)", { defaultValue: "https://gitlab.com", required: true })}
      {field("managementRoleArn", "Role trustmap assumes (optional)")}
      <div className="flex flex-wrap items-center gap-3 md:col-span-3">
        <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add account"}</Button>
        <FormMessage ok={message} error={error} />
      </div>
    </form>
  );
}
