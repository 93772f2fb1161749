import type { ReactNode } from "react";

/** A page's h1, what the page is for, and actions aligned to the right (wrapping under on a phone). */
export function PageHeader({ title, children, actions }: { title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 max-w-3xl">
        <h1 className="text-2xl font-semibold break-words">{title}</h1>
        {children ? <div className="mt-1 text-slate-700">{children}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** A section heading (h2) with an optional line under it. */
export function SectionHeading({ id, children, description }: { id?: string; children: ReactNode; description?: ReactNode }) {
  return (
    <div className="mb-3">
      <h2 id={id} className="text-lg font-medium">{children}</h2>
      {description ? <p className="text-sm text-slate-700">{description}</p> : null}
    </div>
  );
}
