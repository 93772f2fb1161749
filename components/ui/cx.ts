/**
 * Joins class names, skipping empty ones. Our own four lines rather than clsx/tailwind-merge:
 * the primitives never pass conflicting utilities, so no merging is needed, and the shared
 * lockfile stays as it is.
 */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
