import Link from "next/link";
import type { ReactNode } from "react";
import type { AuditRow } from "@/lib/audit/rows";
import type { AttentionItem, AwaitingYouView, DashboardView, MyRequestsView, ReviewsAwaitingView, RolesOverview } from "@/lib/dashboard/views";
import { utcTime } from "@/lib/format";
import type { MappingRow } from "@/lib/mappings/rows";
import { RiskBadge, StatusBadge } from "@/components/mappings/status-badge";
import { selectorText } from "@/lib/mappings/model";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { SectionHeading } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";

function Panel({ id, title, description, action, children }: { id: string; title: ReactNode; description?: ReactNode; action?: ReactNode; children?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <SectionHeading id={id} description={description}>{title}</SectionHeading>
        {action}
      </div>
      {children}
    </section>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** A few mapping rows, each leading to its page. */
function MappingList({ label, rows, empty }: { label: string; rows: MappingRow[]; empty: string }) {
  return (
    <Table label={label} minWidth="min-w-[36rem]">
      <THead columns={["Who may assume", "Role", "Status", "Requester", "Requested"]} />
      <tbody>
        {rows.length === 0 ? <EmptyRow colSpan={5}>{empty}</EmptyRow> : null}
        {rows.map((m) => (
          <Tr key={m.id}>
            <Td className="font-mono text-xs break-words"><TextLink href={`/mappings/${m.id}`}>{selectorText(m)}</TextLink></Td>
            <Td>{m.role.name}</Td>
            <Td><span className="flex flex-wrap gap-1"><StatusBadge status={m.status} /> <RiskBadge tier={m.riskTier} /></span></Td>
            <Td>{m.requester.username}</Td>
            <Td className="whitespace-nowrap">{utcTime(m.createdAt)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function AwaitingYou({ awaiting }: { awaiting: AwaitingYouView }) {
  const n = awaiting.total;
  return (
    <Panel
      id="awaiting-you"
      title={<span data-testid="awaiting-count">{n === 0 ? "No request waits for you" : `${plural(n, "request waits", "requests wait")} for you`}</span>}
      description="Pending requests you can decide: not your own, not approved by you yet. High risk first, then oldest."
      action={n > 0 ? <Link href="/approvals" className={buttonClass("primary", "sm", "font-medium")}>Review requests</Link> : null}
    >
      {n > 0 ? <MappingList label="Requests waiting for you" rows={awaiting.first} empty="" /> : null}
      {n > awaiting.first.length ? <p className="text-sm"><TextLink href="/approvals">All {n.toLocaleString("en")} on the Approvals page</TextLink></p> : null}
    </Panel>
  );
}

/** Access review items the user is asked to decide; shown only when there are some. */
function ReviewsAwaiting({ reviews }: { reviews: ReviewsAwaitingView }) {
  if (reviews.total === 0) return null;
  return (
    <Panel
      id="reviews-awaiting"
      title={<span data-testid="review-items-count">{`${plural(reviews.total, "access review item waits", "access review items wait")} for your decision`}</span>}
      description="Keep or revoke, with a reason, in each open review below; soonest due first."
    >
      <ul className="space-y-2">
        {reviews.reviews.map((r) => (
          <li key={r.id} data-testid="review-awaiting" className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 pb-2 text-sm">
            <span className="min-w-0 break-words">
              <TextLink href={`/reviews/${r.id}`}>{r.title}</TextLink>: {plural(r.items, "item", "items")}, due {utcTime(r.dueAt)}
              {r.overdue ? <> <Badge tone="strong-red">overdue</Badge></> : null}
            </span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

const STATUS_WORDS: [string, string][] = [["requested", "waiting for approval"], ["approved", "approved"], ["rejected", "rejected"], ["revoked", "revoked"], ["expired", "expired"], ["withdrawn", "withdrawn"]];

function MyRequestsPanel({ mine }: { mine: MyRequestsView }) {
  const parts = STATUS_WORDS.filter(([s]) => (mine.byStatus[s] ?? 0) > 0).map(([s, words]) => `${mine.byStatus[s]} ${words}`);
  return (
    <Panel
      id="my-requests"
      title={<span data-testid="my-requests-count">{mine.total === 0 ? "You have not requested anything yet" : `Your ${plural(mine.total, "request", "requests")}`}</span>}
      description={parts.length > 0 ? `${parts.join(", ")}.` : "Ask that a GitLab project or group may assume an AWS role; an approver decides."}
      action={<Link href="/requests" className={buttonClass(mine.total === 0 ? "primary" : "secondary", "sm", "font-medium")}>{mine.total === 0 ? "File a request" : "Your requests"}</Link>}
    >
      {mine.total > 0 ? <MappingList label="Your latest requests" rows={mine.latest} empty="" /> : null}
    </Panel>
  );
}

function RolesPanel({ roles }: { roles: RolesOverview }) {
  return (
    <Panel
      id="roles"
      title={<span data-testid="roles-total">{plural(roles.total, "role", "roles")} under management</span>}
      description={
        roles.total === 0
          ? "No IAM role is registered yet."
          : `${roles.production} production. ${roles.notRead === 0 ? "Every trust policy has been read from IAM" : `${plural(roles.notRead, "role has", "roles have")} not been read from IAM`}${roles.lastReadAt ? `; last read ${utcTime(roles.lastReadAt)}` : ""}.`
      }
      action={<span className="flex flex-wrap gap-2"><Link href="/roles" className={buttonClass("secondary", "sm", "font-medium")}>Roles</Link><Link href="/access" className={buttonClass("secondary", "sm", "font-medium")}>Who can assume what</Link></span>}
    />
  );
}

function RecentChanges({ recent }: { recent: AuditRow[] }) {
  return (
    <Panel id="recent-changes" title="Recent changes" description="Approvals, revocations, applies, drift and settings: the latest ten." action={<Link href="/audit" className={buttonClass("secondary", "sm", "font-medium")}>Audit log</Link>}>
      <Table label="Recent changes" minWidth="min-w-[32rem]">
        <THead columns={["At", "Actor", "Event", "About"]} />
        <tbody>
          {recent.length === 0 ? <EmptyRow colSpan={4}>Nothing has changed yet.</EmptyRow> : null}
          {recent.map((e) => (
            <Tr key={e.id} data-testid="recent-change">
              <Td className="whitespace-nowrap tabular-nums">{utcTime(e.at)}</Td>
              <Td>{e.actor}</Td>
              <Td className="font-medium">{e.action}</Td>
              <Td className="text-xs break-words">
                {e.resourceType === "mapping" && e.resourceId ? <TextLink href={`/mappings/${e.resourceId}`}>{String(e.data.gitlabPath ?? "mapping")} → {String(e.data.roleName ?? "")}</TextLink> : String(e.data.roleName ?? e.data.key ?? e.resourceId ?? "")}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </Panel>
  );
}

function Attention({ items }: { items: AttentionItem[] }) {
  return (
    <Panel id="attention" title={items.length === 0 ? "Nothing needs attention" : `${plural(items.length, "thing needs", "things need")} attention`} description="What the last plan or drift check could not read, runs that failed in the last seven days, roles not read from IAM, requests nobody decided yet.">
      {items.length > 0 ? (
        <ul className="space-y-2">
          {items.map((i) => (
            <li key={i.key} data-testid="attention-item" className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 pb-2 text-sm">
              <span className="min-w-0 break-words">{i.text}</span>
              <TextLink href={i.href}>{i.action}</TextLink>
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}

/** The signed-in persona's dashboard. */
export function Dashboard({ view }: { view: DashboardView }) {
  switch (view.persona) {
    case "requester":
      return <div className="space-y-4"><MyRequestsPanel mine={view.mine} /></div>;
    case "approver":
      return <div className="space-y-4"><AwaitingYou awaiting={view.awaiting} /><ReviewsAwaiting reviews={view.reviews} /><MyRequestsPanel mine={view.mine} /></div>;
    case "auditor":
      return <div className="space-y-4"><RolesPanel roles={view.roles} /><RecentChanges recent={view.recent} /></div>;
    case "admin":
      return <div className="space-y-4"><Attention items={view.attention} /><AwaitingYou awaiting={view.awaiting} /><ReviewsAwaiting reviews={view.reviews} /><RolesPanel roles={view.roles} /></div>;
  }
}
