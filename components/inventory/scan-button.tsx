"use client";
import { useState } from "react";
import { scanInventoryAction } from "@/lib/actions/inventory/scan-inventory";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

export function ScanButton({ disabled }: { disabled: boolean }) {
  const { pending, error, run } = useActionForm({ refresh: true });
  const [done, setDone] = useState<string | null>(null);

  function scan() {
    setDone(null);
    run(() => scanInventoryAction({}), (data) => setDone(`Scan finished: ${data.projectCount} projects.`));
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button onClick={scan} disabled={disabled || pending} aria-busy={pending}>
        {pending ? "Scanning GitLab…" : "Scan now"}
      </Button>
      {pending ? <span role="status" className="text-sm text-slate-700">Reading groups, projects and variable keys; large instances take a few minutes.</span> : null}
      <FormMessage ok={done} error={error} className="text-sm" />
    </div>
  );
}
