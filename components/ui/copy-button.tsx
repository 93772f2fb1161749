"use client";
import { useEffect, useState } from "react";
import { buttonClass } from "./button";
import { cx } from "./cx";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies `text` with the Clipboard API and says so: the button reads "Copied" for a moment and a
 * polite live region announces it. `what` names the thing copied ("policy JSON") for screen readers.
 */
export function CopyButton({ text, what, className }: { text: string; what: string; className?: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2_500);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      // Undefined outside a secure context (plain http on another host): say so, don't pretend.
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <>
      <button type="button" onClick={copy} className={cx(buttonClass("secondary", "xs"), "shrink-0", className)} data-copy-state={state}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
        <span className="sr-only"> {what}</span>
      </button>
      <span aria-live="polite" className="sr-only">
        {state === "copied" ? `Copied ${what} to the clipboard.` : state === "failed" ? `Could not copy ${what}; select the text and copy it by hand.` : ""}
      </span>
    </>
  );
}
