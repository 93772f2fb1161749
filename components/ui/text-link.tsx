import Link from "next/link";
import type { ComponentProps } from "react";
import { cx } from "./cx";

/**
 * A link in running text or a table: blue and always underlined, so it is told apart from the
 * text around it by more than colour (WCAG 1.4.1; axe "link-in-text-block").
 */
export function TextLink({ className, ...props }: ComponentProps<typeof Link>) {
  return <Link className={cx("text-blue-800 underline underline-offset-2 hover:text-blue-950", className)} {...props} />;
}
