"use client";
import { useState } from "react";
import { changeUserRoleAction } from "@/lib/actions/settings/change-user-role";
import { utcTime } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { Table, Td, THead, Tr } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";

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
  return (
    <Table label="Users and roles" minWidth="min-w-[30rem]">
      <THead columns={["User", "Role", "Last sign-in"]} />
      <tbody>
        {users.map((u) => (
          <Tr key={u.id} data-testid={`user-${u.username}`}>
            <Td>
              {u.name} <span className="text-slate-700">@{u.username}</span>
              {u.isDemo ? <Badge tone="amber" className="ml-2">demo</Badge> : null}
              {u.id === currentUserId ? <span className="ml-2 text-xs text-slate-700">(you)</span> : null}
            </Td>
            <Td><RoleChange user={u} /></Td>
            <Td className="whitespace-nowrap">{u.lastSignInAt ? utcTime(u.lastSignInAt) : "never"}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * Picking a role in the select only proposes it; the change happens after "Change role". A
 * select fires `change` on every arrow key, so changing on `change` alone would promote and
 * demote people while someone merely scrolls through the options.
 */
function RoleChange({ user }: { user: UserRow }) {
  const { pending, error, run } = useActionForm({ refresh: true });
  const [saved, setSaved] = useState(user.role);
  const [choice, setChoice] = useState(user.role);
  const [done, setDone] = useState<string | null>(null);
  const proposing = choice !== saved;

  function confirm() {
    const role = choice;
    setDone(null);
    run(
      () => changeUserRoleAction({ userId: user.id, role }),
      () => {
        setSaved(role);
        setDone(`${user.username} is now ${role}.`);
      },
      () => setChoice(saved),
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>Role of {user.username}</label>
      <Select
        id={`role-${user.id}`}
        value={choice}
        disabled={pending}
        onChange={(e) => {
          setDone(null);
          setChoice(e.target.value as UserRow["role"]);
        }}
        fit="content"
      >
        {ROLE_OPTIONS.map((r) => <option key={r} value={r}>{r}</option>)}
      </Select>
      {proposing ? (
        <span role="group" aria-label={`Confirm role change for ${user.username}`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm">Make {user.username} {choice === "admin" || choice === "auditor" || choice === "approver" ? "an" : "a"} {choice}?</span>
          <Button size="xs" onClick={confirm} disabled={pending}>{pending ? "Changing…" : "Change role"}</Button>
          <Button size="xs" variant="secondary" onClick={() => setChoice(saved)} disabled={pending}>Cancel</Button>
        </span>
      ) : null}
      <FormMessage ok={done} error={error} className="text-sm" />
    </div>
  );
}
