/**
 * trustmap's logo. A plain <img>, not next/image: next/image always renders a `style` attribute
 * (`color:transparent`), which the Content-Security-Policy refuses (no inline styles; see
 * lib/http/security-headers.ts), and a small SVG gains nothing from the image optimizer.
 */
export function Logo({ size, className }: { size: number; className?: string }) {
  // eslint-disable-next-line @next/next/no-img-element -- see above
  return <img src="/logo.svg" alt="" width={size} height={size} className={className} />;
}
