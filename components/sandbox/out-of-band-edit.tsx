"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { editSandboxTrustPolicyAction } from "@/lib/actions/sandbox/edit-trust-policy";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { SandboxBadge } from "@/components/sandbox-badge";

/**
 * Sandbox only: change a role's trust policy behind trustmap's back, as someone in the AWS console
 * would, then see "Check drift" find it and "Apply" revert it.
 */
export function OutOfBandEdit({ roles }: { roles: { name: string; arn: string }[] }) {
  const router = useRouter();
  const { pending, error, fieldErrors, run } = useActionForm();
  const [roleArn, setRoleArn] = useState(roles[0]?.arn ?? "");
  const [done, setDone] = useState<string | null>(null);
  if (roles.length === 0) return null;
  const edit = () => {
    setDone(null);
    run(
      () => editSandboxTrustPolicyAction({ roleArn }),
      (data) => {
        setDone(
          `${data.roleName}'s trust policy now also lets ${data.pattern} (any project, any ref) assume it — ${data.what === "managed-statement-widened" ? "its managed statement was edited" : "a statement was added"} outside trustmap. Press "Check drift" to see it.`,
        );
        router.refresh();
      },
    );
  };
  return (
    <section aria-labelledby="oob-h" className="rounded border border-violet-200 bg-white p-4">
      <h2 id="oob-h" className="text-lg font-medium">Try drift <SandboxBadge /></h2>
      <p className="text-sm text-slate-700">Change a sandbox role&apos;s trust policy the way someone in the AWS console might, without trustmap. Audited as yours.</p>
      <div className="mt-2 flex flex-wrap items-end gap-3 text-sm">
        <div>
          <Label htmlFor="oob-role">Sandbox role</Label>
          <Select id="oob-role" value={roleArn} onChange={(e) => setRoleArn(e.target.value)}>
            {roles.map((r) => <option key={r.arn} value={r.arn}>{r.name}</option>)}
          </Select>
        </div>
        <Button variant="secondary" size="sm" className="font-medium" onClick={edit} disabled={pending}>
          {pending ? "Editing…" : "Edit trust policy out of band"}
        </Button>
      </div>
      <p role="status" className="mt-2 text-sm" data-testid="oob-result">
        {done ? <span className="text-green-800">{done}</span> : null}
        {error || fieldErrors.roleArn ? <span className="text-red-800">{error ?? fieldErrors.roleArn?.join(" ")}</span> : null}
      </p>
    </section>
  );
}
