"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { scanInventoryAction } from "@/lib/actions/inventory/scan-inventory";

export function ScanButton({ disabled }: { disabled: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function scan() {
    setMessage(null);
    startTransition(async () => {
      const res = await scanInventoryAction({});
      setMessage(res.ok ? { ok: true, text: `Scan finished: ${res.data.projectCount} projects.` } : { ok: false, text: res.error });
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" onClick={scan} disabled={disabled || pending} aria-busy={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">
        {pending ? "Scanning GitLab…" : "Scan now"}
      </button>
      {pending ? <span role="status" className="text-sm text-slate-700">Reading groups, projects and variable keys; large instances take a few minutes.</span> : null}
      {message ? <span role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-green-800" : "text-red-700"}`}>{message.text}</span> : null}
    </div>
  );
}
