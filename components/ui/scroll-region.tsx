"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { cx } from "./cx";

/**
 * A box that scrolls its own overflow (a wide table, a long policy) instead of the page. While
 * its content overflows it is a named, focusable region, so keyboard users can scroll it with
 * the arrow keys (WCAG 2.1.1; axe "scrollable-region-focusable"); when everything fits it adds
 * no tab stop and no landmark. `data-scroll-region` says which, once measured in the browser.
 */
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // null until measured: the server cannot know the width.
  const [overflowing, setOverflowing] = useState<boolean | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflowing(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={ref}
      className={cx("relative max-w-full overflow-auto", className)}
      data-scroll-region={overflowing === null ? "unmeasured" : overflowing ? "scrolls" : "fits"}
      {...(overflowing ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
