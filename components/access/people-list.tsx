import type { TPersonVia, TRolePeople, TUserReach } from "@/lib/schemas/gitlab-facts";
import { roleName } from "@/lib/gitlab-facts/access-levels";
import { Badge } from "@/components/ui/badge";

function Via({ via }: { via: readonly TPersonVia[] }) {
  return (
    <ul className="space-y-0.5">
      {via.map((v) => (
        <li key={`${v.project}\n${v.refType}\n${v.ref}\n${v.grant}`} className="break-words">
          <span className="font-mono">{v.project}</span> {v.refType} <span className="font-mono">{v.ref}</span> — <span className="text-slate-700">{v.how}</span>
          <span className="block font-mono text-xs break-all text-slate-600">{v.grant}</span>
        </li>
      ))}
    </ul>
  );
}

function Notes({ notes }: { notes: readonly string[] }) {
  return notes.length > 0 ? (
    <ul className="list-disc pl-5 text-sm text-amber-900" data-testid="people-notes">
      {notes.map((n) => <li key={n}>{n}</li>)}
    </ul>
  ) : null;
}

/** The people behind a role's grants (GET /api/v1/access/people?roleId=…), with how each gets there. */
export function RolePeopleList({ view, notes }: { view: TRolePeople; notes: readonly string[] }) {
  return (
    <div className="space-y-2 text-sm" data-testid="role-people">
      <p>
        {view.basedOn === "actual" ? <Badge tone="green">policy read from IAM</Badge> : <Badge tone="amber">desired state (not read from IAM)</Badge>}{" "}
        {view.people.length} {view.people.length === 1 ? "person" : "people"} on GitLab can obtain a token these grants accept.
      </p>
      <Notes notes={notes} />
      {view.people.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
          {view.people.map((p) => (
            <li key={p.username} className="p-2">
              <p><span className="font-medium">{p.name}</span> (@{p.username}, {roleName(p.accessLevel)})</p>
              <Via via={p.via} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Every role a GitLab user can assume (GET /api/v1/access/people?username=…), and how. */
export function UserReachList({ view, notes }: { view: TUserReach; notes: readonly string[] }) {
  return (
    <div className="space-y-2 text-sm" data-testid="user-reach">
      <p>{view.roles.length === 0 ? `@${view.username} can assume no registered role through a GitLab job, as far as the facts read tell.` : `@${view.username} can assume ${view.roles.length} role(s):`}</p>
      <Notes notes={notes} />
      {view.roles.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
          {view.roles.map((r) => (
            <li key={r.roleArn} className="p-2">
              <p className="font-mono break-all">{r.roleArn}</p>
              <Via via={r.via} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
