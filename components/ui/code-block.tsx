import { CopyButton } from "./copy-button";
import { cx } from "./cx";

/** How a line of a code block is marked: added (as a diff's "+"), removed ("−"), or not at all. */
export type LineMark = "add" | "remove" | null;

/**
 * Code or JSON to read and copy: long lines wrap (no sideways scrolling on a phone), a long block
 * scrolls inside itself and can be scrolled from the keyboard (a named region with tabIndex=0).
 * `marks` (one per line of `code`) marks lines as added or removed, as <ins>/<del>, so a diff or
 * "the lines this request adds" read as such to screen readers too.
 */
export function CodeBlock({
  label,
  code,
  copy = true,
  tall = false,
  marks,
  className,
  testId,
}: {
  label: string;
  code: string;
  copy?: boolean;
  tall?: boolean;
  marks?: readonly LineMark[];
  className?: string;
  testId?: string;
}) {
  return (
    <div className={cx("min-w-0", className)}>
      {copy ? (
        <div className="mb-1 flex justify-end">
          <CopyButton text={code} what={label} />
        </div>
      ) : null}
      <pre
        tabIndex={0}
        role="region"
        aria-label={label}
        data-testid={testId}
        className={cx("overflow-auto rounded bg-slate-900 p-2 font-mono text-xs whitespace-pre-wrap wrap-anywhere text-slate-100", tall ? "max-h-[32rem]" : "max-h-72")}
      >
        {marks ? <MarkedLines code={code} marks={marks} /> : code}
      </pre>
    </div>
  );
}

function MarkedLines({ code, marks }: { code: string; marks: readonly LineMark[] }) {
  return code.split("\n").map((line, i) => {
    const mark = marks[i] ?? null;
    if (mark === "add") return <ins key={i} data-mark="add" className="block bg-green-900 text-green-50 no-underline">{line}</ins>;
    if (mark === "remove") return <del key={i} data-mark="remove" className="block bg-red-900 text-red-50 no-underline">{line}</del>;
    return <span key={i} className="block">{line}</span>;
  });
}
