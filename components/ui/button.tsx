import type { ButtonHTMLAttributes } from "react";
import { cx } from "./cx";

export type ButtonVariant = "primary" | "secondary" | "danger" | "danger-outline" | "approve";
export type ButtonSize = "xs" | "sm" | "md";

const VARIANT: Record<ButtonVariant, string> = {
  primary: "bg-blue-700 font-medium text-white hover:bg-blue-800",
  secondary: "border border-slate-400 bg-white hover:bg-slate-100",
  danger: "bg-red-700 font-medium text-white hover:bg-red-800",
  "danger-outline": "border border-red-300 bg-white text-red-800 hover:bg-red-50",
  approve: "bg-green-700 font-medium text-white hover:bg-green-800",
};

const SIZE: Record<ButtonSize, string> = {
  xs: "px-2 py-1 text-xs",
  sm: "px-3 py-1.5 text-sm",
  md: "px-4 py-2",
};

/** The button look, for links that act as buttons (exports, "Move to OIDC", pager). */
export function buttonClass(variant: ButtonVariant = "primary", size: ButtonSize = "md", className?: string): string {
  return cx("inline-block rounded text-center disabled:cursor-not-allowed disabled:opacity-50", VARIANT[variant], SIZE[size], className);
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** A button; `type` defaults to "button" so only an explicit `type="submit"` submits a form. */
export function Button({ variant = "primary", size = "md", className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}
