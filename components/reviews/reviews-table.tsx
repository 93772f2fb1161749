import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { utcTime } from "@/lib/format";
import type { ReviewSummaryView } from "@/lib/reviews/views";
import { DueText, ReviewStatusBadges } from "./review-status";

export function ReviewsTable({ reviews }: { reviews: ReviewSummaryView[] }) {
  return (
    <Table label="Access reviews" minWidth="min-w-[48rem]">
      <THead columns={["Review", "Status", "Due", "Progress", "Opened"]} />
      <tbody>
        {reviews.length === 0 ? <EmptyRow colSpan={5}>No access review yet.</EmptyRow> : null}
        {reviews.map((r) => (
          <Tr key={r.id} data-testid="review-row">
            <Td><TextLink href={`/reviews/${r.id}`}>{r.title}</TextLink></Td>
            <Td><ReviewStatusBadges review={r} /></Td>
            <Td><DueText dueAt={r.dueAt} /></Td>
            <Td className="tabular-nums">{r.progress.decided} of {r.progress.total} ({r.progress.percent}%) · {r.progress.revoked} revoked</Td>
            <Td className="whitespace-nowrap">{utcTime(r.openedAt)} by {r.openedBy}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
