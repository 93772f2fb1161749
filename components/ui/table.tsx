import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes, HTMLAttributes } from "react";
import { cx } from "./cx";
import { ScrollRegion } from "./scroll-region";

/**
 * A data table in its own horizontal scroll box: on a phone a wide table scrolls inside the box,
 * never the page. `label` names the table (and the box while it scrolls). `minWidth` (a Tailwind
 * min-w-* class) keeps a many-column table readable: below it the box scrolls instead of
 * squeezing every column to a word per line.
 */
export function Table({ label, caption, dense = false, minWidth, className, children }: { label: string; caption?: ReactNode; dense?: boolean; minWidth?: string; className?: string; children: ReactNode }) {
  return (
    <ScrollRegion label={`Scrollable table: ${label}`} className={className}>
      <table aria-label={caption ? undefined : label} className={cx("w-full border-collapse bg-white text-left", dense ? "text-xs" : "text-sm", minWidth)}>
        {caption ? <caption className="p-2 text-left text-sm text-slate-600">{caption}</caption> : null}
        {children}
      </table>
    </ScrollRegion>
  );
}

/** The header row: one column header per entry (a string, or a node for e.g. an sr-only "Actions"). */
export function THead({ columns, dense = false }: { columns: ReactNode[]; dense?: boolean }) {
  return (
    <thead>
      <tr className="border-b border-slate-300 text-left">
        {columns.map((c, i) => (
          <th key={i} scope="col" className={cx("align-bottom font-semibold", dense ? "p-1" : "p-2")}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}

export function Tr({ className, top = true, ...props }: HTMLAttributes<HTMLTableRowElement> & { top?: boolean }) {
  return <tr className={cx("border-b border-slate-200", top && "align-top", className)} {...props} />;
}

export function Td({ className, dense = false, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { dense?: boolean }) {
  return <td className={cx(dense ? "p-1" : "p-2", className)} {...props} />;
}

/** A row header (the thing the row is about). */
export function RowHeader({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="row" className={cx("p-2 text-left font-medium", className)} {...props} />;
}

/** The one row a table shows when it has nothing to list. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="p-2 text-slate-600">{children}</td>
    </tr>
  );
}
