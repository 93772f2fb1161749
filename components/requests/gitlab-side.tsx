import type { TGitLabCheck, TGitLabTarget } from "@/lib/schemas/gitlab-facts";
import { roleName } from "@/lib/gitlab-facts/access-levels";
import { Badge } from "@/components/ui/badge";

/** Projects listed before "and N more" (a group selector can cover hundreds). */
const SHOWN_TARGETS = 20;

function Protection({ target }: { target: TGitLabTarget }) {
  if (target.protected === null) return <Badge tone="red">protection unknown</Badge>;
  return target.protected ? <Badge tone="green">protected</Badge> : <Badge tone="red">not protected</Badge>;
}

function People({ target, what }: { target: TGitLabTarget; what: string }) {
  const n = target.people.length;
  if (target.protected === null) return null;
  return (
    <details className="mt-1" data-testid="gitlab-people">
      <summary className="cursor-pointer">
        {n} {n === 1 ? "person" : "people"} can obtain a token for {what} on {target.project}
      </summary>
      {n === 0 ? (
        <p className="mt-1 text-slate-700">Nobody GitLab lists as a member.</p>
      ) : (
        <ul className="mt-1 space-y-0.5">
          {target.people.map((p) => (
            <li key={p.username} className="break-words">
              <span className="font-medium">{p.name}</span> (@{p.username}, {roleName(p.accessLevel)}) — <span className="text-slate-700">{p.how}</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/**
 * GitLab's side of a grant (the preview contract's `gitlab`): per project, whether the refs are
 * protected, the rules, force push, and who can obtain a token (a keyboard-usable <details> list).
 * Unknown is shown as unknown, never as safe.
 */
export function GitLabSide({ gitlab, what }: { gitlab: TGitLabCheck; what: string }) {
  const shown = gitlab.targets.slice(0, SHOWN_TARGETS);
  return (
    <div className="space-y-2" data-testid="gitlab-side">
      {!gitlab.checked ? (
        <p className="text-red-800" data-testid="gitlab-unknown">
          Who can obtain a token is {gitlab.reason ?? "unknown"}: unknown protection counts as high risk.
        </p>
      ) : null}
      {shown.length > 0 ? (
        <ul className="space-y-2">
          {shown.map((t) => (
            <li key={t.project} className="min-w-0">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono break-all">{t.project}</span>
                <Protection target={t} />
                {t.allowForcePush ? <Badge tone="amber">force push allowed</Badge> : null}
              </p>
              {t.rules.length > 0 ? <ul className="mt-0.5 list-disc pl-5 text-xs text-slate-700">{t.rules.map((r) => <li key={r} className="break-words">{r}</li>)}</ul> : null}
              <People target={t} what={what} />
            </li>
          ))}
        </ul>
      ) : null}
      {gitlab.targets.length > shown.length ? <p className="text-slate-700">and {gitlab.targets.length - shown.length} more project(s)</p> : null}
    </div>
  );
}
