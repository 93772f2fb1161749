"use client";
import { useState, useTransition } from "react";
import { changeUserRoleAction } from "@/lib/actions/settings/change-user-role";
import { utcTime } from "@/lib/format";

export interface UserRow {
  id: string;
  username: string;
  name: string;
  role: "requester" | "approver" | "auditor" | "admin";
  isDemo: boolean;
  lastSignInAt: string | null;
}

const ROLE_OPTIONS = ["requester", "approver", "auditor", "admin"] as const;

export function UsersTable({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  function change(user: UserRow, role: UserRow["role"]) {
    startTransition(async () => {
      const res = await changeUserRoleAction({ userId: user.id, role });
      setMessage(res.ok ? { kind: "ok", text: `${user.username} is now ${role}.` } : { kind: "error", text: res.error });
    });
  }

  return (
    <div>
      {message ? (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "mb-2 text-red-700" : "mb-2 text-green-800"}>{message.text}</p>
      ) : null}
      <table className="w-full border-collapse bg-white text-sm">
        <thead>
          <tr className="border-b text-left"><th className="p-2">User</th><th className="p-2">Role</th><th className="p-2">Last sign-in</th></tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b">
              <td className="p-2">{u.name} <span className="text-slate-500">@{u.username}</span>{u.isDemo ? <span className="ml-2 text-xs text-amber-700">demo</span> : null}</td>
              <td className="p-2">
                <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.username}</label>
                <select
                  id={`role-${u.id}`}
                  defaultValue={u.role}
                  disabled={pending}
                  onChange={(e) => change(u, e.target.value as UserRow["role"])}
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  {ROLE_OPTIONS.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
                {u.id === currentUserId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
              </td>
              <td className="p-2">{u.lastSignInAt ? utcTime(u.lastSignInAt) : "never"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
