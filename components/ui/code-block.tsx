import { CopyButton } from "./copy-button";
import { cx } from "./cx";

/**
 * Code or JSON to read and copy: long lines wrap (no sideways scrolling on a phone), a long block
 * scrolls inside itself and can be scrolled from the keyboard (a named region with tabIndex=0).
 */
export function CodeBlock({ label, code, copy = true, tall = false, className, testId }: { label: string; code: string; copy?: boolean; tall?: boolean; className?: string; testId?: string }) {
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
        {code}
      </pre>
    </div>
  );
}
