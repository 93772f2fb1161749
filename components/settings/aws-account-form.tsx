"use client";
import { useState, type InputHTMLAttributes } from "react";
import { useRouter } from "next/navigation";
import { createAwsAccountAction } from "@/lib/actions/settings/create-aws-account";
import { updateAwsAccountAction } from "@/lib/actions/settings/update-aws-account";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

/** An account as the edit form starts from. */
export interface AwsAccountValues {
  accountId: string;
  name: string;
  issuerUrl: string;
  audiences: string[];
  region: string;
  managementRoleArn: string | null;
}

/**
 * Add an AWS account, or (with `account`) edit one. Editing cannot change the account id once a
 * role was registered in it (`idLocked` says why); the server checks that too.
 */
export function AwsAccountForm({ account, idLocked }: { account?: AwsAccountValues; idLocked?: string | null } = {}) {
  const { pending, fieldErrors: errors, error, run } = useActionForm({ refresh: account !== undefined });
  const [message, setMessage] = useState<string | null>(null);
  const router = useRouter();

  // onSubmit, not a form action: React resets a form after an action, which would throw away
  // what the user typed when the server refuses it.
  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    const managementRoleArn = String(fd.get("managementRoleArn") ?? "").trim();
    const values = {
      name: String(fd.get("name") ?? ""),
      issuerUrl: String(fd.get("issuerUrl") ?? ""),
      audiences: String(fd.get("audiences") ?? "").split(/[\s,]+/).filter(Boolean),
      region: String(fd.get("region") ?? ""),
      managementRoleArn: managementRoleArn === "" ? null : managementRoleArn,
    };
    setMessage(null);
    if (account) {
      const newAccountId = String(fd.get("accountId") ?? account.accountId);
      run(
        () => updateAwsAccountAction({ ...values, accountId: account.accountId, newAccountId }),
        (data) => {
          setMessage(data.changed.length === 0 ? "Nothing changed." : `Saved (${data.changed.join(", ")}). The next plan shows what this means for IAM.`);
          if (data.accountId !== account.accountId) router.push(`/settings/accounts/${data.accountId}`);
        },
      );
      return;
    }
    run(
      () => createAwsAccountAction({ ...values, accountId: String(fd.get("accountId") ?? "") }),
      () => {
        setMessage("Account added.");
        form.reset();
      },
    );
  }

  const field = (name: string, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}, errorKey = name) => (
    <Field id={`acct-${name}`} label={label} errors={errors[errorKey]}>
      {(w) => <Input name={name} {...props} {...w} />}
    </Field>
  );

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-3" aria-label={account ? "Edit AWS account" : "Add AWS account"}>
      {field("accountId", "Account id", { inputMode: "numeric", placeholder: "123456789012", required: true, defaultValue: account?.accountId, readOnly: Boolean(idLocked) }, account ? "newAccountId" : "accountId")}
      {field("name", "Name", { required: true, defaultValue: account?.name })}
      {field("region", "Region", { defaultValue: account?.region ?? "us-east-1", required: true })}
      {field("issuerUrl", "GitLab issuer URL", { defaultValue: account?.issuerUrl ?? "https://gitlab.com", required: true })}
      {field("audiences", "Audiences (comma-separated)", { defaultValue: account ? account.audiences.join(", ") : "https://gitlab.com", required: true })}
      {field("managementRoleArn", "Role trustmap assumes (optional)", { defaultValue: account?.managementRoleArn ?? "" })}
      {account && idLocked ? <p className="text-sm text-slate-700 md:col-span-3">The account id cannot change: {idLocked}</p> : null}
      <div className="flex flex-wrap items-center gap-3 md:col-span-3">
        <Button type="submit" disabled={pending}>{pending ? (account ? "Saving…" : "Adding…") : account ? "Save changes" : "Add account"}</Button>
        <FormMessage ok={message} error={error} />
      </div>
    </form>
  );
}
