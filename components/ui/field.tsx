import type { InputHTMLAttributes, LabelHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cx } from "./cx";

/** "full" fills its column; "auto" fills a phone's width and sizes to content from `sm` up (filter bars); "content" always sizes to content. */
export type ControlWidth = "full" | "auto" | "content";

function controlClass(fit: ControlWidth = "full", className?: string): string {
  return cx(
    "max-w-full rounded border border-slate-500 bg-white px-2 py-1 aria-invalid:border-red-600",
    fit === "full" ? "w-full" : fit === "auto" ? "w-full sm:w-auto" : "w-auto",
    className,
  );
}

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cx("mb-1 block text-sm font-medium", className)} {...props} />;
}

export function Input({ fit, className, ...props }: InputHTMLAttributes<HTMLInputElement> & { fit?: ControlWidth }) {
  return <input className={controlClass(fit, className)} {...props} />;
}

export function Select({ fit, className, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { fit?: ControlWidth }) {
  return <select className={controlClass(fit, className)} {...props} />;
}

export function Textarea({ fit, className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { fit?: ControlWidth }) {
  return <textarea className={controlClass(fit, className)} {...props} />;
}

/** The error messages for one form field, linked to it with aria-describedby (the element is always there). */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return <span id={id} />;
  return (
    <span id={id} role="alert" className="mt-1 block text-sm text-red-700">
      {messages.join(" ")}
    </span>
  );
}

/** What a control needs to be tied to its label and its errors. */
export interface ControlWiring {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string;
}

/** The ids and aria attributes of a field called `id`; its error element is `${id}-error`. */
export function wiring(id: string, errors?: string[]): ControlWiring {
  return { id, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": `${id}-error` };
}

/**
 * A label, a control and its errors: `children` receives the id and aria attributes to spread on
 * the control, so the label, the control and the error message cannot drift apart.
 */
export function Field({ id, label, errors, className, children }: { id: string; label: ReactNode; errors?: string[]; className?: string; children: (control: ControlWiring) => ReactNode }) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      {children(wiring(id, errors))}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}
